using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ashiato.Analysis.Tests.Support;

/// <summary>
/// The "exfiltration endpoint": answers every HTTP request with 200, on an address inside the sandbox, with an empty
/// body or the one <c>body</c> gives for the request line.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<string, string> _body;
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    public LoopbackHttpServer(TcpListener listener, Func<string, string>? body = null)
    {
        _listener = listener;
        _body = body ?? (_ => "");
        _ = Task.Run(ServeAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Requests => _requests;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _requests);
                // One task a connection: a client that connects and never sends holds up only itself, for 5 s at most.
                _ = Task.Run(() => AnswerAsync(client));
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                var stream = client.GetStream();
                var buffer = new byte[65536];
                var read = await stream.ReadAsync(buffer, timeout.Token);
                var body = _body(Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0]);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"), timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or IOException)
            {
                // Stopping, or a client that went away.
            }
        }
    }
}
