using System.Text;

namespace Httpx.Tests.Content;

/// <summary>Reads a request body the way a transport would, copying each chunk before asking for the next.</summary>
internal static class ContentReader
{
    public static async Task<byte[]> ReadAllAsync(RequestContent content)
    {
        var body = new MemoryStream();
        await foreach (ReadOnlyMemory<byte> chunk in content.ReadChunksAsync()) body.Write(chunk.Span);
        return body.ToArray();
    }

    public static async Task<string> ReadTextAsync(RequestContent content) =>
        Encoding.UTF8.GetString(await ReadAllAsync(content));

    public static Dictionary<string, string> ToDictionary(IEnumerable<KeyValuePair<string, string>> headers) =>
        headers.ToDictionary(h => h.Key, h => h.Value);
}
