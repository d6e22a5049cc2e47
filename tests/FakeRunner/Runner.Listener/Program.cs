using FakeRunner.Listener;

return await ListenerProgram.RunAsync(args);
