using FollowerAudit.Reporting;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FollowerAudit.Cli.Infrastructure;

/// <summary>
/// The console every command writes to: each text segment is passed through <see cref="Sanitize.ForTerminal"/> just
/// before it reaches the terminal, so no control character, escape sequence or bidirectional override from the data
/// can clear the screen, set the title or reorder text, whichever message carried it. Line breaks Spectre itself
/// renders and its own control codes (progress bars) pass unchanged; text from the data is also sanitised where it
/// enters a message, so that a newline in it cannot forge a line.
/// </summary>
/// <param name="inner">The real console.</param>
internal sealed class SafeConsole(IAnsiConsole inner) : IAnsiConsole
{
    /// <summary>The wrapped console.</summary>
    public IAnsiConsole Inner => inner;

    public Profile Profile => inner.Profile;

    public IAnsiConsoleCursor Cursor => inner.Cursor;

    public IAnsiConsoleInput Input => inner.Input;

    public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;

    public RenderPipeline Pipeline => inner.Pipeline;

    public void Clear(bool home) => inner.Clear(home);

    public void Write(IRenderable renderable) => inner.Write(new SafeRenderable(renderable));

    // Raw ANSI is written only by Spectre itself (live displays), never with text from the data.
    public void WriteAnsi(Action<AnsiWriter> action) => inner.WriteAnsi(action);

    private sealed class SafeRenderable(IRenderable renderable) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => renderable.Measure(options, maxWidth);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
        {
            foreach (var segment in renderable.Render(options, maxWidth))
            {
                yield return segment.IsControlCode || segment.IsLineBreak ? segment : new Segment(Sanitize.ForTerminal(segment.Text), segment.Style);
            }
        }
    }
}
