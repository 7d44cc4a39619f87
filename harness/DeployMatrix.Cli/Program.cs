using DeployMatrix.Cli;
using DeployMatrix.Cli.Commands;
using Spectre.Console.Cli;

using var shutdown = new ShutdownSignals();
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("deploymatrix");
    config.AddCommand<RunCommand>("run")
        .WithDescription("Run every cell of a matrix in a container and compare it with its snapshot.")
        .WithExample("run", "matrix.yaml", "--filter:targets=debian-12");
    config.AddCommand<AcceptCommand>("accept")
        .WithDescription("After review, move the received snapshots of a matrix's cells (all, the filtered ones, or those named) over the verified ones.")
        .WithExample("accept", "matrix.yaml", "--cell", "hello/default @ debian-12/linux-amd64");
    config.AddCommand<InitCommand>("init")
        .WithDescription("Write a matrix.yaml for the given binaries on the local images (or --target ones) and, with --tests, a test project using DeployMatrix.Xunit.")
        .WithExample("init", "build/myapp", "--tests", "tests/MyApp.Deploy");
    config.AddCommand<PredictCommand>("predict")
        .WithDescription("Predict every cell from the binaries and the cached image fingerprints, starting no container.")
        .WithExample("predict", "matrix.yaml", "--binary", "hello");
    config.AddCommand<FingerprintCommand>("fingerprint")
        .WithDescription("Fingerprint images of the systems you ship to into files of your repository, which predictions and distribution tables then know fully.")
        .WithExample("fingerprint", "registry.example.com/rhel9/ubi:9.4", "--platform", "linux/amd64", "--out", "fingerprints");
    config.AddCommand<ReportCommand>("report")
        .WithDescription("Merge the report.json files of a matrix's shards and write JSON, JUnit, Markdown and HTML reports.")
        .WithExample("report", "shard-1/report.json", "shard-2/report.json", "--out", "reports");
    config.AddCommand<InspectCommand>("inspect")
        .WithDescription("Show what a binary needs to start (platform, loader, libraries, symbol versions), read from its ELF file without running it.")
        .WithExample("inspect", "fixtures/bin/linux-amd64/hello", "--json");
    config.AddCommand<ConfigCommand>("config")
        .WithDescription("Show a matrix's settings and the layer each comes from: defaults < matrix file < DEPLOYMATRIX_* environment < command line.")
        .WithExample("config", "matrix.yaml", "--defaults:timeout=5s");
    config.AddCommand<HostExecutionCommand>("host")
        .WithDescription("Show how this host runs each platform's binaries (natively, through qemu-user, or not at all), measured by running a probe of each.")
        .WithExample("host", "--register");
    config.AddBranch("images", images =>
    {
        images.SetDescription("The local target images, built from Debian's packages.");
        images.AddCommand<ImagesListCommand>("list")
            .WithDescription("Show each image of the catalog and whether Docker has it up to date.");
        images.AddCommand<ImagesBuildCommand>("build")
            .WithDescription("Build the images Docker lacks or holds stale.");
        images.AddCommand<ImagesExportCommand>("export")
            .WithDescription("Export the images Docker holds for a user who runs them with bubblewrap, without root and with no engine (as root).")
            .WithExample("images", "export", "--owner", "alice");
    });
    // Whatever a run that was interrupted threw on its way out, it was interrupted.
    config.SetExceptionHandler((exception, _) => shutdown.Interrupted ? ErrorReport.Interrupted() : ErrorReport.Write(exception));
});

var exitCode = await app.RunAsync(args, shutdown.Token).ConfigureAwait(false);
return shutdown.Interrupted ? ExitCodes.Cancelled : exitCode;
