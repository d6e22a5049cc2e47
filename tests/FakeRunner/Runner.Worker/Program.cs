using FakeRunner.Worker;

return await WorkerProgram.RunAsync(args);
