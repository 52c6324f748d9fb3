using System.Text;

namespace Httpx;

/// <summary>One <c>machine</c> or <c>default</c> entry of a .netrc file; a value not given is empty.</summary>
internal sealed record NetRCEntry(string Login, string Account, string Password)
{
    /// <summary>The login, and "[secure]" for a password or an account (ftp's second password), as BasicAuth shows itself.</summary>
    public override string ToString() =>
        $"NetRCEntry(login={Internal.PythonRepr.Of(Login)}, account={Secure(Account)}, password={Secure(Password)})";

    private static string Secure(string value) => value.Length == 0 ? "''" : "[secure]";
}

/// <summary>
/// A .netrc file as Python's <c>netrc.netrc</c> reads it (HTTPX's NetRCAuth uses that): its <c>machine</c> entries by
/// host name, its <c>default</c> entry, and <see cref="Authenticators"/>, the entry for a host. A file that does not
/// parse is a <see cref="FormatException"/> naming the file and the line.
/// </summary>
internal sealed class NetRCFile
{
    private readonly Dictionary<string, NetRCEntry> _machines;
    private readonly NetRCEntry? _default;

    private NetRCFile(string path, Dictionary<string, NetRCEntry> machines, NetRCEntry? defaultEntry)
    {
        Path = path;
        _machines = machines;
        _default = defaultEntry;
    }

    public string Path { get; }

    /// <summary>Python's <c>authenticators(host)</c>: the host's entry, else the default entry, else null.</summary>
    public NetRCEntry? Authenticators(string host) => _machines.GetValueOrDefault(host) ?? _default;

    /// <summary>
    /// The file read when none is given: the one <c>NETRC</c> names (as curl; HTTPX's docs pass it as the file), else the
    /// user's own <c>~/.netrc</c> (and <c>~/_netrc</c> on Windows, as curl), whose permissions are checked.
    /// </summary>
    public static NetRCFile ReadDefault()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NETRC");
        if (!string.IsNullOrEmpty(fromEnvironment)) return Read(fromEnvironment);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var netrc = System.IO.Path.Combine(home, ".netrc");
        if (OperatingSystem.IsWindows() && !File.Exists(netrc))
        {
            var underscore = System.IO.Path.Combine(home, "_netrc");
            if (File.Exists(underscore)) netrc = underscore;
        }
        return Read(netrc, isUsersOwn: true);
    }

    /// <param name="path">The file.</param>
    /// <param name="isUsersOwn">The user's ~/.netrc, found by default: on Unix it may hold passwords only if no one else can read it.</param>
    public static NetRCFile Read(string path, bool isUsersOwn = false)
    {
        // A folder does exist: "does not exist" sent the user looking for a typo in a path that is there.
        if (Directory.Exists(path)) throw new ArgumentException($"The .netrc file '{path}' is a folder: give the path of the .netrc file itself.", "file");
        if (!File.Exists(path)) throw new FileNotFoundException($"The .netrc file '{path}' does not exist.", path);
        var lexer = new NetRCLexer(Text(File.ReadAllBytes(path), path), path);
        // Host names match exactly, as in Python's netrc (its hosts dict): "machine Example.COM" is not example.com.
        var machines = new Dictionary<string, NetRCEntry>(StringComparer.Ordinal);
        NetRCEntry? defaultEntry = null;
        var anySecret = false;
        FormatException Malformed(int line, string problem) => new($"Malformed .netrc file '{path}', line {line}: {problem}.");

        // Python's parser: keywords at the top level, then the keywords of an entry up to the next entry or macro.
        var token = lexer.Next();
        while (token is { } top)
        {
            if (SkipComment(top, lexer))
            {
                token = lexer.Next();
                continue;
            }
            string? host = null;
            switch (top.Text)
            {
                case "machine":
                    host = lexer.Next()?.Text;
                    // Python: "missing 'machine' name" (an empty quoted name too).
                    if (string.IsNullOrEmpty(host)) throw Malformed(top.Line, "'machine' is not followed by a host name");
                    break;
                case "default":
                    break;
                case "macdef":
                    // Its name, the rest of its line and the lines up to a blank one are the macro (ftp's; unused here).
                    // Python ends the macro at once when a space or tab follows the name, or the name is quoted (the
                    // rest of the line is then empty, its blank line), and reads the macro's lines as entries.
                    var name = lexer.Next()?.Text;
                    lexer.SkipLine();
                    // Without a blank line, the entries after it were silently swallowed by the macro.
                    if (!lexer.SkipToBlankLine())
                        throw Malformed(top.Line, $"the macro {Shown(name ?? "")} has no blank line to end it, so every line after it is part of the macro");
                    token = lexer.Next();
                    continue;
                default:
                    throw Malformed(top.Line, $"unexpected token {Shown(top.Text)}");
            }

            string login = "", account = "", password = "";
            string? keyword = null; // the keyword whose value was read last
            while (true)
            {
                token = lexer.Next();
                if (token is { } follower && SkipComment(follower, lexer)) continue;
                if (token is null || token.Value.Text is "machine" or "default" or "macdef") break;
                // A keyword with nothing after it at the end of the file has an empty value, as in Python.
                switch (token.Value.Text)
                {
                    case "login" or "user": login = lexer.Next()?.Text ?? ""; break;
                    case "account": account = lexer.Next()?.Text ?? ""; break;
                    // "passwd" is ftp's spelling (Python refuses it; curl ignores it).
                    case "password" or "passwd": password = lexer.Next()?.Text ?? ""; break;
                    default:
                        // After a password or an account (ftp's second password), a stray word is most likely the rest
                        // of an unquoted value with a space in it: never print it. After a login it may be the password
                        // itself: "login  password s3cret" (a template's empty login) has the login "password", and a
                        // password's keyword may be left out. The login is printed instead: no secret, and it shows why.
                        throw Malformed(token.Value.Line, keyword switch
                        {
                            "password" or "passwd" => "unexpected token after the password (quote a password that contains spaces)",
                            "account" => "unexpected token after the account (quote an account that contains spaces)",
                            "login" or "user" => $"unexpected token after the login {Shown(login)} (a misspelled keyword, or a login that contains spaces and needs quotes)",
                            _ => $"unexpected token {Shown(token.Value.Text)}",
                        });
                }
                keyword = token.Value.Text;
            }
            var entry = new NetRCEntry(login, account, password);
            // A later entry for the same host (or a later default) wins, as in Python's netrc. A machine named
            // "default" is that host: Python's one dict made it the default entry too.
            if (host is null) defaultEntry = entry;
            else machines[host] = entry;
            // Python's netrc lets "anonymous" entries be (ftp's convention: the password is an email address). It
            // checks every other entry too; one with neither a password nor an account (ftp's second password) holds
            // no secret to keep, and is let be here.
            anySecret |= (password.Length > 0 || account.Length > 0) && login != "anonymous";
        }
        if (isUsersOwn && anySecret) CheckPermissions(path);
        return new NetRCFile(path, machines, defaultEntry);
    }

    /// <summary>
    /// The file's text: UTF-8 (its byte order mark skipped, where Python read it as part of the first keyword), or UTF-16
    /// with a byte order mark (Windows PowerShell's '>'). Bytes that are not UTF-8 are an error naming their line: decoded
    /// as U+FFFD they sent a password nobody wrote (Python fails with a UnicodeDecodeError, or reads the Windows code page).
    /// </summary>
    private static string Text(byte[] bytes, string path)
    {
        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
            return new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true).ReadToEnd();
        var utf8 = bytes.AsSpan(bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0);
        for (var at = 0; at < utf8.Length;)
        {
            if (Rune.DecodeFromUtf8(utf8[at..], out _, out var length) != System.Buffers.OperationStatus.Done)
                throw new FormatException($"Malformed .netrc file '{path}', line {utf8[..at].Count((byte)'\n') + 1}: it holds bytes that are not UTF-8 text (save the file as UTF-8).");
            at += length;
        }
        return Encoding.UTF8.GetString(utf8);
    }

    /// <summary>
    /// Skips a comment: true when <paramref name="token"/>, where a keyword goes, starts with '#', and the rest of its
    /// line is then read (after a keyword that takes a value, '#' starts the value, as Python reads "password #hash"
    /// and the parser does not ask). Python skips the rest of the comment's line only when no line break came between
    /// the token before it (and that token's first trailing space) and the '#' - not after a blank line or a line that
    /// ends in a space - and at the top level only for "#" alone; else it fails on the comment's next word ("bad
    /// toplevel token 'more'").
    /// </summary>
    private static bool SkipComment(NetRCToken token, NetRCLexer lexer)
    {
        if (!token.Text.StartsWith('#')) return false;
        lexer.SkipLine();
        return true;
    }

    /// <summary>A token in an error: its first 20 characters, escaped as Python's repr (Python's "bad toplevel token %r").</summary>
    private static string Shown(string token) => Internal.PythonRepr.Of(Internal.ShortText.Cut(token, 20));

    /// <summary>
    /// Passwords in a file others can read are already leaked. As Python's netrc, the user's own ~/.netrc (found by
    /// default) is refused on Unix when it holds a password or an account (an "anonymous" login's are none) and group
    /// or others may read or write it. A file named by the caller or NETRC is not checked, as Python's
    /// <c>netrc(file)</c> (HTTPX's <c>NetRCAuth(file=...)</c>) and curl (which checks no file): such a file is often one
    /// the user cannot chmod, a secret mounted read-only into a container for a group (Kubernetes' fsGroup, Docker's
    /// 0444 secrets). Python also refuses a ~/.netrc owned by another user: not checked, .NET has no portable API for a
    /// file's owner. A SecurityException (Python's NetrcParseError "access too permissive"): an
    /// UnauthorizedAccessException would say that we were denied access to the file, and reads as a failure to read it.
    /// </summary>
    private static void CheckPermissions(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                                    UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & others) != 0)
            throw new System.Security.SecurityException(
                $"The .netrc file '{path}' holds passwords but is accessible by group or others (mode {Octal(mode)}); " +
                $"restrict it to its owner (chmod 600 '{path}').");
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
}
