'use strict';

const INTERVAL_MS = 50;

/**
 * Calls probe until it returns something other than null or undefined, or throws; after timeoutMs rejects with
 * onTimeout(). A wait on a condition, never a fixed sleep.
 */
async function pollUntil(probe, timeoutMs, onTimeout) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== null && value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw onTimeout();
    }
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
}

module.exports = { pollUntil };
