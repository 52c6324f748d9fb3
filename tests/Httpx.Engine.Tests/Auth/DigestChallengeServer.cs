using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Httpx.Tests.Auth;

/// <summary>
/// A raw HTTP/1.1 server for challenges the test server's Digest endpoint does not make (the RFCs' worked examples,
/// several challenges in one header line): a request without Authorization gets a 401 with the given
/// WWW-Authenticate lines, one with Authorization a 200. It keeps each Authorization header as it came over the wire.
/// Requests are GETs without a body; any path is served.
/// </summary>
internal sealed class DigestChallengeServer : IDisposable
{
    private readonly TestServer.ScriptedServer _server;
    private readonly ConcurrentQueue<string> _authorizations = new();

    /// <param name="challenges">One WWW-Authenticate header line each, in order.</param>
    public DigestChallengeServer(params string[] challenges)
    {
        var lines = string.Concat(challenges.Select(c => $"WWW-Authenticate: {c}\r\n"));
        var unauthorized = Encoding.UTF8.GetBytes($"HTTP/1.1 401 Unauthorized\r\n{lines}Content-Length: 0\r\n\r\n");
        var ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
        _server = new TestServer.ScriptedServer(async connection =>
        {
            while (await connection.ReadHeadAsync() is { } head)
            {
                var authorization = Regex.Match(head, @"\r\nAuthorization: ([^\r]*)\r\n", RegexOptions.IgnoreCase);
                if (authorization.Success) _authorizations.Enqueue(authorization.Groups[1].Value);
                await connection.SendAsync(authorization.Success ? ok : unauthorized);
            }
        });
        Url = _server.Url;
    }

    /// <summary>http://127.0.0.1:port, without a trailing slash.</summary>
    public string Url { get; }

    /// <summary>Each Authorization header received, read as Latin-1 (a UTF-8 name shows as its bytes).</summary>
    public IReadOnlyList<string> Authorizations => _authorizations.ToArray();

    /// <summary>The auth-params of a <c>Digest ...</c> credentials header, unquoted; a quoted value keeps its escapes.</summary>
    public static Dictionary<string, string> Fields(string authorization)
    {
        Assert.StartsWith("Digest ", authorization);
        var fields = new Dictionary<string, string>();
        foreach (Match m in Regex.Matches(authorization[7..], @"([\w*-]+)=(""(?:[^""\\]|\\.)*""|[^,]*)(?:, |$)"))
        {
            var value = m.Groups[2].Value;
            fields.Add(m.Groups[1].Value, value.StartsWith('"') ? value[1..^1] : value);
        }
        return fields;
    }

    public void Dispose() => _server.Dispose();
}
