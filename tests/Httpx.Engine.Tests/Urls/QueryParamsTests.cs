using System.Collections;
using System.Collections.Specialized;

namespace Httpx.Tests.Urls;

// Ported from HTTPX's tests/models/test_queryparams.py, plus the PowerShell-shaped inputs of QueryParams.From.
public class QueryParamsTests
{
    public static TheoryData<object> EquivalentSources() => new()
    {
        "a=123&a=456&b=789",
        new Dictionary<string, object?> { ["a"] = new[] { "123", "456" }, ["b"] = 789 },
        new Hashtable { ["a"] = new object[] { "123", "456" } },
        new List<(string, string)> { ("a", "123"), ("a", "456"), ("b", "789") },
        new[] { Tuple.Create("a", "123"), Tuple.Create("a", "456"), Tuple.Create("b", "789") },
        new List<KeyValuePair<string, string>> { new("a", "123"), new("a", "456"), new("b", "789") },
    };

    [Theory]
    [MemberData(nameof(EquivalentSources))]
    public void SourcesOfEveryShapeGiveTheSameParams(object source)
    {
        // The hashtable case has no order guarantee, so "b" is added after the fact to keep one expectation.
        var q = QueryParams.From(source);
        if (source is Hashtable) q = q.Add("b", 789);

        Assert.True(q.ContainsKey("a"));
        Assert.False(q.ContainsKey("A"));
        Assert.False(q.ContainsKey("c"));
        Assert.Equal("123", q["a"]);
        Assert.Equal("123", q.Get("a"));
        Assert.Null(q.Get("nope"));
        Assert.Equal("fallback", q.Get("nope", "fallback"));
        Assert.Equal(["123", "456"], q.GetList("a"));
        Assert.Equal(["a", "b"], q.Keys);
        Assert.Equal(["123", "789"], q.Values);
        Assert.Equal(2, q.Count);
        Assert.Equal(
            [new("a", "123"), new("a", "456"), new KeyValuePair<string, string>("b", "789")],
            q.MultiItems());
        Assert.Equal(q.MultiItems(), q.ToList());
        Assert.Equal("a=123&a=456&b=789", q.ToString());
    }

    [Fact]
    public void TheKeysAndValueListsHandedOutRefuseAChangeAsHttpxQueryParamsAreImmutable()
    {
        // PowerShell calls List.Add and writes into arrays whatever the declared type: [Httpx.QueryParams]::Empty.Keys.Add('x')
        // gave the shared Empty (every client's params without any) a count of 1, and $client.Params.GetList('a')[0] = 'z'
        // changed the client's params, and the requests' and copies' that share the array.
        Assert.Throws<NotSupportedException>(() => ((ICollection<string>)QueryParams.Empty.Keys).Add("x"));
        Assert.Equal(0, QueryParams.Empty.Count);
        var client = QueryParams.Parse("a=1&a=2&b=3");
        var copy = client.Set("b", "4");
        Assert.Throws<NotSupportedException>(() => ((IList<string>)client.GetList("a"))[0] = "z");
        Assert.Throws<NotSupportedException>(() => ((IList<string>)client.Keys)[0] = "z");
        Assert.Equal("a=1&a=2&b=3", client.ToString());
        Assert.Equal("a=1&a=2&b=4", copy.ToString());
        Assert.Equal(["1", "2", "5"], client.Add("a", "5").GetList("a"));
    }

    [Fact]
    public void EqualityIgnoresOrder()
    {
        var dict = QueryParams.From(new Dictionary<string, string> { ["a"] = "123", ["b"] = "456" });
        Assert.Equal(dict, QueryParams.From(new[] { ("a", "123"), ("b", "456") }));
        Assert.Equal(dict, QueryParams.Parse("a=123&b=456"));
        Assert.Equal(dict, QueryParams.Parse("b=456&a=123"));
        Assert.Equal(QueryParams.From(null), QueryParams.From(new Dictionary<string, string>()));
        Assert.Equal(QueryParams.From(new[] { ("a", "123"), ("a", "456") }), QueryParams.Parse("a=123&a=456"));
        Assert.NotEqual(QueryParams.Parse("a=123&a=456"), QueryParams.Parse("a=456&a=123&a=123"));
        Assert.False(dict.Equals((object)"a=123&b=456"));

        var q = QueryParams.Parse("a=123&a=456");
        Assert.Same(q, QueryParams.From(q));
    }

    [Fact]
    public void HashIsConsistentWithEquality()
    {
        var set = new HashSet<QueryParams>
        {
            QueryParams.Parse("a=123"),
            QueryParams.From(new Dictionary<string, object> { ["a"] = 123 }),
            QueryParams.Parse("b=456"),
            QueryParams.From(new Dictionary<string, object> { ["b"] = 456 }),
            QueryParams.Parse("x=1&y=2"),
            QueryParams.Parse("y=2&x=1"),
        };
        Assert.Equal(3, set.Count);
    }

    [Theory]
    [InlineData(true, "a=true")]
    [InlineData(false, "a=false")]
    [InlineData("", "a=")]
    [InlineData(null, "a=")]
    [InlineData(1.23, "a=1.23")]
    // Floats as Python's str() writes them: 1.0 stays "1.0", an exponent is "1e-05".
    [InlineData(1.0, "a=1.0")]
    [InlineData(0.00001, "a=1e-05")]
    [InlineData(1e16, "a=1e%2B16")]
    [InlineData(1e15, "a=1000000000000000.0")]
    [InlineData(0.1f, "a=0.1")]
    [InlineData(123, "a=123")]
    [InlineData(123L, "a=123")]
    public void PrimitiveValuesAreConvertedAsHttpx(object? value, string expected)
    {
        Assert.Equal(expected, QueryParams.From(new Dictionary<string, object?> { ["a"] = value }).ToString());
    }

    [Fact]
    public void NumbersIgnoreTheCurrentCulture()
    {
        var saved = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("fr-FR");
            Assert.Equal("a=1.5", QueryParams.From(new Hashtable { ["a"] = 1.5 }).ToString());
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = saved;
        }
    }

    [Fact]
    public void SequenceValuesRepeatTheKey()
    {
        Assert.Equal("a=1&a=2", QueryParams.From(new Dictionary<string, object> { ["a"] = new[] { 1, 2 } }).ToString());
        Assert.Equal("a=1&a=&a=true", QueryParams.From(new Hashtable { ["a"] = new object?[] { 1, null, true } }).ToString());
    }

    [Fact]
    public void EmptySequenceValueLeavesNoKey()
    {
        var q = QueryParams.From(new Dictionary<string, object> { ["a"] = Array.Empty<string>(), ["b"] = "1" });
        Assert.Equal(["b"], q.Keys);
        Assert.Equal("b=1", q.ToString());
    }

    [Fact]
    public void OrderedDictionaryKeepsItsOrder()
    {
        var ordered = new OrderedDictionary { ["z"] = "1", ["a"] = "2", ["m"] = "3" };
        Assert.Equal("z=1&a=2&m=3", QueryParams.From(ordered).ToString());
    }

    [Fact]
    public void DictionaryKeysWithTheSameTextKeepTheLastValueAsAPythonDictDoes()
    {
        // @{ 1 = 'a'; '1' = 'b' } holds two keys, both "1" as text: HTTPX's {str(k): ...} keeps the last one's values.
        var keys = new OrderedDictionary { [(object)1] = "a", ["1"] = new[] { "b", "c" } };
        Assert.Equal("1=b&1=c", QueryParams.From(keys).ToString());
    }

    [Fact]
    public void PowerShellStylePairArraysAreAccepted()
    {
        var pairs = new object[] { new object[] { "a", "1" }, new object[] { "a", "2" }, new object[] { "b", true } };
        Assert.Equal("a=1&a=2&b=true", QueryParams.From(pairs).ToString());
    }

    [Fact]
    public void UnsupportedShapesAreRejected()
    {
        var notPairs = Assert.Throws<ArgumentException>(() => QueryParams.From(new[] { "a", "b" }));
        Assert.Contains("System.String", notPairs.Message);
        var scalar = Assert.Throws<ArgumentException>(() => QueryParams.From(42));
        Assert.Contains("System.Int32", scalar.Message);
        var nested = Assert.Throws<ArgumentException>(() =>
            QueryParams.From(new Hashtable { ["a"] = new object[] { new[] { 1, 2 } } }));
        Assert.Contains("System.Int32[]", nested.Message);
    }

    [Fact]
    public void A_value_without_text_of_its_own_is_refused_naming_the_parameter()
    {
        // Its ToString() is its type name: "token=System.Security.SecureString" would go out, the secret lost.
        using var secret = new System.Security.SecureString();
        var error = Assert.Throws<ArgumentException>(() => QueryParams.From(new Hashtable { ["token"] = secret }));
        Assert.Equal("A query parameter value must be a string, number, boolean or null, got System.Security.SecureString (parameter 'token').", error.Message);
        Assert.Throws<ArgumentException>(() => new Url("https://example.org/").CopySetParam("o", new object()));
        // Bytes are not a list of numbers to repeat the key with ("b=65&b=66").
        error = Assert.Throws<ArgumentException>(() => QueryParams.From(new Hashtable { ["b"] = "AB"u8.ToArray() }));
        Assert.Equal("A query parameter value must be a string, number, boolean or null, got System.Byte[] (parameter 'b').", error.Message);
        // An object with text of its own still goes as that text.
        Assert.Equal("u=https%3A%2F%2Fexample.org%2F&v=1.2", QueryParams.From(new Hashtable { ["u"] = new Uri("https://example.org/"), ["v"] = new Version(1, 2) }).ToString()
            .Split('&').Order().Aggregate((a, b) => a + "&" + b));
    }

    [Fact]
    public void Text_cut_inside_an_emoji_is_refused_naming_the_parameter_not_sent_as_U_FFFD()
    {
        // Half of a surrogate pair went out as %EF%BF%BD; Python's quote raises UnicodeEncodeError for it.
        string half = "a😀"[..2];
        var error = Assert.Throws<ArgumentException>(() => QueryParams.From(new Hashtable { ["q"] = half }));
        Assert.Equal("A query parameter value has half of a surrogate pair (U+D83D) at character 1, text cut inside a character such as an emoji, which cannot be encoded in UTF-8 (parameter 'q').", error.Message);
        Assert.Throws<ArgumentException>(() => QueryParams.From(new Hashtable { [half] = "v" }));
        Assert.Equal("q=a%F0%9F%98%80", QueryParams.From(new Hashtable { ["q"] = "a😀" }).ToString());
    }

    [Theory]
    [InlineData("a=", "a=")]
    [InlineData("a", "a=")]
    [InlineData("a&&b=1", "a=&b=1")]
    [InlineData("a=1=2", "a=1%3D2")]
    public void BlankValuesAreKept(string query, string expected)
    {
        Assert.Equal(expected, QueryParams.Parse(query).ToString());
    }

    [Fact]
    public void ParsingDecodesPlusAndPercentEscapes()
    {
        var q = QueryParams.Parse("q=a+b%20c&name=J%C3%BCrgen&bad=%zz&broken=%C3");
        Assert.Equal("a b c", q["q"]);
        Assert.Equal("Jürgen", q["name"]);
        Assert.Equal("%zz", q["bad"]);
        Assert.Equal("\uFFFD", q["broken"]);
    }

    [Fact]
    public void ToStringFormEncodesLikeUrlencode()
    {
        var q = QueryParams.From(new[] { ("a b", "c d"), ("e", "f/g?h&i=j"), ("k", "%20"), ("l", "~-._"), ("m", "ü€"), ("n", "*'()!") });
        Assert.Equal("a+b=c+d&e=f%2Fg%3Fh%26i%3Dj&k=%2520&l=~-._&m=%C3%BC%E2%82%AC&n=%2A%27%28%29%21", q.ToString());
        Assert.Equal(q, QueryParams.Parse(q.ToString()));
    }

    [Fact]
    public void MissingKeyThrowsFromTheIndexer()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => QueryParams.Parse("a=1")["b"]);
        Assert.Contains("'b'", error.Message);
        Assert.Empty(QueryParams.Parse("a=1").GetList("b"));
    }

    [Fact]
    public void SetReplacesAllValues()
    {
        var original = QueryParams.Parse("a=123&a=000&b=1");
        Assert.Equal(QueryParams.Parse("a=456&b=1"), original.Set("a", "456"));
        Assert.Equal(["a", "b"], original.Set("a", "456").Keys);
        Assert.Equal(["a", "b", "c"], original.Set("c", null).Keys);
        Assert.Equal("a=123&a=000&b=1", original.ToString());
    }

    [Fact]
    public void AddAppendsAValue()
    {
        var q = QueryParams.Parse("a=123");
        Assert.Equal(QueryParams.Parse("a=123&a=456"), q.Add("a", "456"));
        Assert.Equal("a=123&b=false", q.Add("b", false).ToString());
    }

    [Fact]
    public void RemoveDropsEveryValue()
    {
        Assert.Equal(QueryParams.Parse(""), QueryParams.Parse("a=123&a=4").Remove("a"));
        Assert.True(QueryParams.Parse("a=123").Remove("a").IsEmpty);
        Assert.Equal("b=2", QueryParams.Parse("a=1&b=2").Remove("a").ToString());
    }

    [Fact]
    public void MergeReplacesSameKeysInPlaceAndAppendsNewOnes()
    {
        var q = QueryParams.Parse("a=123");
        q = q.Merge(new Dictionary<string, string> { ["b"] = "456" });
        Assert.Equal(QueryParams.Parse("a=123&b=456"), q);
        q = q.Merge(new Dictionary<string, string> { ["a"] = "000", ["c"] = "789" });
        Assert.Equal("a=000&b=456&c=789", q.ToString());
        Assert.Equal("a=x&a=y&b=456&c=789", q.Merge("a=x&a=y").ToString());
        Assert.Same(q, q.Merge(null));
    }

    [Fact]
    public void MergingAKeyGivenAnEmptyListRemovesIt()
    {
        // HTTPX: QueryParams("a=1&b=2").merge({"a": []}) has no 'a'; the empty list replaces its values with none.
        var q = QueryParams.Parse("a=1&a=2&b=3");
        var update = QueryParams.From(new Dictionary<string, object> { ["a"] = Array.Empty<string>(), ["c"] = "4" });
        Assert.Equal("b=3&c=4", q.Merge(update).ToString());
        // Kept through a merge, so a request's empty list removes the key from the URL's query after the client's.
        Assert.Equal("b=3", q.Merge(QueryParams.Parse("x=1").Merge(update).Remove("c").Remove("x")).ToString());
        Assert.Equal("b=3", q.Merge(QueryParams.Empty.Merge(update).Remove("c")).ToString());
        // A value given again afterwards is kept.
        Assert.Equal("b=3&a=5", q.Merge(update).Merge("a=5").Remove("c").ToString());
        Assert.Equal(QueryParams.Parse("c=4"), update);
    }
}
