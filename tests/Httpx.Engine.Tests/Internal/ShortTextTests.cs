using Httpx.Internal;

namespace Httpx.Tests.Internal;

/// <summary>The start of a long value in a message: cut with "...", never between a surrogate pair's halves.</summary>
public class ShortTextTests
{
    [Fact]
    public void A_value_up_to_the_limit_is_kept_whole()
    {
        Assert.Equal("abc", ShortText.Cut("abc", 3));
        Assert.Equal("", ShortText.Cut("", 3));
    }

    [Fact]
    public void A_longer_value_keeps_its_first_characters_and_says_it_was_cut() =>
        Assert.Equal("abc...", ShortText.Cut("abcdef", 3));

    [Fact]
    public void A_cut_that_would_split_a_surrogate_pair_leaves_the_pair_out_whole()
    {
        // "ab😀c": the emoji is two chars; a limit of 3 would end on its first half.
        Assert.Equal("ab...", ShortText.Cut("ab\U0001F600c", 3));
        Assert.Equal("ab\U0001F600...", ShortText.Cut("ab\U0001F600c", 4));
        Assert.Equal("ab", ShortText.Head("ab\U0001F600c", 3));
    }
}
