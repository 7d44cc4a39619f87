using DeployMatrix.Cli;
using DeployMatrix.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("deploymatrix");
    config.AddCommand<RunCommand>("run")
        .WithDescription("Run every cell of a matrix in a container and compare it with its snapshot.")
        .WithExample("run", "matrix.yaml", "--filter:targets=debian-12");
    config.AddCommand<PredictCommand>("predict")
        .WithDescription("Predict every cell from the binaries and the cached image fingerprints, starting no container.")
        .WithExample("predict", "matrix.yaml", "--binary", "hello");
    config.AddBranch("images", images =>
    {
        images.SetDescription("The local target images, built from Debian's packages.");
        images.AddCommand<ImagesListCommand>("list")
            .WithDescription("Show each image of the catalog and whether Docker has it up to date.");
        images.AddCommand<ImagesBuildCommand>("build")
            .WithDescription("Build the images Docker lacks or holds stale.");
    });
    config.SetExceptionHandler((exception, _) => ErrorReport.Write(exception));
});

using var shutdown = new ShutdownSignals();
return await app.RunAsync(args, shutdown.Token).ConfigureAwait(false);
