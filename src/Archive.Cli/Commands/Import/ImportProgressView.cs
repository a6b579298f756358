using Spectre.Console;

namespace Archive.Cli.Commands.Import;

/// <summary>
/// A live progress bar while an import runs, when its output is a terminal; with <c>--json</c> or
/// redirected output nothing is drawn (the report at the end says it all).
/// </summary>
internal static class ImportProgressView
{
    public static async Task ShowAsync(TextWriter output, bool json, ImportProgress progress, Task run, string unit = "files")
    {
        if (json || !ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            await run;
            return;
        }

        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("import");
                while (!run.IsCompleted)
                {
                    Update(task, progress, unit);
                    await Task.WhenAny(run, Task.Delay(250));
                }

                Update(task, progress, unit);
                await run;
            });
    }

    private static void Update(ProgressTask task, ImportProgress progress, string unit)
    {
        var done = progress.Resumed + progress.Answered + progress.Failed;
        task.MaxValue = Math.Max(1, progress.Found);
        task.Value = done;
        task.Description = $"import: {done}/{progress.Found} {unit}, {progress.Failed} failed" + (progress.Bytes > 0 ? $", {progress.Bytes / (1 << 20)} MiB sent" : string.Empty);
    }
}
