'use strict';
// A small JSON Schema (draft-04) validator for exactly the keywords the vendored SARIF 2.1.0 schema uses; any other
// keyword is an error, so a schema it cannot check fully is never reported as passed.
const ANNOTATIONS = new Set(['$schema', 'id', 'title', 'description', 'default', 'definitions']);
const FORMATS = {
  uri: (value) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value),
  'uri-reference': (value) => !/\s/.test(value),
  'date-time': (value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value),
};

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value, type) {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** The problems of value against schema (empty when valid), each as "<JSON pointer>: <what>". */
function validate(root, value) {
  const problems = [];
  const resolve = (ref) => {
    if (!ref.startsWith('#/')) throw new Error(`only local $ref is supported, not ${ref}`);
    return ref.slice(2).split('/').reduce((node, key) => node[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);
  };
  const check = (schema, instance, at, out) => {
    if (schema.$ref) {
      check(resolve(schema.$ref), instance, at, out);
      return;
    }
    for (const [keyword, argument] of Object.entries(schema)) {
      switch (keyword) {
        case 'type': {
          const types = Array.isArray(argument) ? argument : [argument];
          if (!types.some((type) => matchesType(instance, type))) out.push(`${at}: is ${typeOf(instance)}, not ${types.join(' or ')}`);
          break;
        }
        case 'enum':
          if (!argument.some((option) => JSON.stringify(option) === JSON.stringify(instance))) out.push(`${at}: ${JSON.stringify(instance)} is not one of ${JSON.stringify(argument)}`);
          break;
        case 'properties':
          if (typeOf(instance) === 'object') {
            for (const [name, property] of Object.entries(argument)) {
              if (name in instance) check(property, instance[name], `${at}/${name}`, out);
            }
          }
          break;
        case 'additionalProperties':
          if (typeOf(instance) === 'object') {
            for (const name of Object.keys(instance)) {
              if (schema.properties && name in schema.properties) continue;
              if (argument === false) out.push(`${at}: has no property '${name}' in the schema`);
              else if (typeof argument === 'object') check(argument, instance[name], `${at}/${name}`, out);
            }
          }
          break;
        case 'required':
          if (typeOf(instance) === 'object') {
            for (const name of argument) if (!(name in instance)) out.push(`${at}: lacks required '${name}'`);
          }
          break;
        case 'items':
          if (Array.isArray(instance)) instance.forEach((item, index) => check(argument, item, `${at}/${index}`, out));
          break;
        case 'minItems':
          if (Array.isArray(instance) && instance.length < argument) out.push(`${at}: fewer than ${argument} items`);
          break;
        case 'uniqueItems':
          if (argument && Array.isArray(instance) && new Set(instance.map((item) => JSON.stringify(item))).size !== instance.length) out.push(`${at}: items are not unique`);
          break;
        case 'minimum':
          if (typeof instance === 'number' && instance < argument) out.push(`${at}: ${instance} is below ${argument}`);
          break;
        case 'maximum':
          if (typeof instance === 'number' && instance > argument) out.push(`${at}: ${instance} is above ${argument}`);
          break;
        case 'pattern':
          if (typeof instance === 'string' && !new RegExp(argument, 'u').test(instance)) out.push(`${at}: '${instance}' does not match ${argument}`);
          break;
        case 'format':
          if (!FORMATS[argument]) throw new Error(`format '${argument}' is not supported`);
          if (typeof instance === 'string' && !FORMATS[argument](instance)) out.push(`${at}: '${instance}' is not a ${argument}`);
          break;
        case 'anyOf':
        case 'oneOf': {
          const passing = argument.filter((option) => {
            const inner = [];
            check(option, instance, at, inner);
            return inner.length === 0;
          }).length;
          if (keyword === 'anyOf' ? passing === 0 : passing !== 1) out.push(`${at}: matches ${passing} of the ${keyword} schemas`);
          break;
        }
        default:
          if (!ANNOTATIONS.has(keyword)) throw new Error(`schema keyword '${keyword}' is not supported`);
      }
    }
  };
  check(root, value, '', problems);
  return problems;
}

module.exports = { validate };
