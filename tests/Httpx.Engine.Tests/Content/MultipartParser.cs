using System.Text;

namespace Httpx.Tests.Content;

/// <summary>A deliberately simple multipart/form-data parser, so that tests check the body's structure.</summary>
internal static class MultipartParser
{
    public sealed record Part(Dictionary<string, string> Headers, byte[] Body)
    {
        public string Text => Encoding.UTF8.GetString(Body);
    }

    public static List<Part> Parse(byte[] body, string boundary)
    {
        byte[] delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        byte[] closing = Encoding.ASCII.GetBytes("--" + boundary + "--\r\n");
        Assert.True(body.AsSpan().EndsWith(closing), "the body must end with the closing delimiter");
        var parts = new List<Part>();
        int position = 0;
        while (true)
        {
            Assert.True(body.AsSpan(position).StartsWith(delimiter), $"expected a delimiter at {position}");
            position += delimiter.Length;
            if (body.AsSpan(position).StartsWith("--\r\n"u8)) break;
            Assert.True(body.AsSpan(position).StartsWith("\r\n"u8));
            position += 2;
            int headersEnd = body.AsSpan(position).IndexOf("\r\n\r\n"u8) + position;
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string line in Encoding.UTF8.GetString(body, position, headersEnd - position).Split("\r\n"))
            {
                int colon = line.IndexOf(':');
                headers[line[..colon]] = line[(colon + 2)..];
            }
            position = headersEnd + 4;
            byte[] next = Encoding.ASCII.GetBytes("\r\n--" + boundary);
            int bodyEnd = body.AsSpan(position).IndexOf(next) + position;
            parts.Add(new Part(headers, body[position..bodyEnd]));
            position = bodyEnd + 2;
        }
        return parts;
    }
}
