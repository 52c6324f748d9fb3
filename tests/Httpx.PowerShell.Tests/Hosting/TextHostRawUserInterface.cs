using System.Management.Automation.Host;

namespace Httpx.PowerShell.Tests.Hosting;

/// <summary>The console geometry of <see cref="TextHost"/>: only its width matters, to the table and list formatters.</summary>
internal sealed class TextHostRawUserInterface(int width) : PSHostRawUserInterface
{
    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override Size BufferSize { get; set; } = new(width, 9999);
    public override Coordinates CursorPosition { get; set; }
    public override int CursorSize { get; set; }
    public override Size MaxPhysicalWindowSize => new(width, 9999);
    public override Size MaxWindowSize => new(width, 9999);
    public override Coordinates WindowPosition { get; set; }
    public override Size WindowSize { get; set; } = new(width, 50);
    public override string WindowTitle { get; set; } = "";
    public override bool KeyAvailable => false;

    public override void FlushInputBuffer() { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("The test host cannot read keys.");
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) =>
        throw new NotSupportedException();
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();
}
