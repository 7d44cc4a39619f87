using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using CliWrap.Buffered;
using DeployMatrix.Platforms;

namespace DeployMatrix.Tests.Registry;

/// <summary>
/// A real registry on loopback for the pull specs: Debian's docker-registry (the CNCF distribution registry) on
/// 127.0.0.1 and a free port, its storage in a temporary directory, optionally behind htpasswd. Images built here are
/// pushed to it with skopeo and joined into multi-platform indexes as a registry's users publish them. It counts the
/// requests the engine makes (its access log, by user agent), which is how a run that pulls nothing is told.
/// </summary>
internal sealed class LocalRegistry : IAsyncDisposable
{
    public const string User = "deploymatrix";
    public const string Password = "spec-password";

    private const string ManifestV2 = "application/vnd.docker.distribution.manifest.v2+json";
    private const string ManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";

    private readonly DirectoryInfo _directory;
    private readonly Process _process;
    private readonly List<string> _log = [];
    private readonly HttpClient _http;

    private LocalRegistry(DirectoryInfo directory, Process process, int port, bool withPassword)
    {
        _directory = directory;
        _process = process;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        if (withPassword)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        }

        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>, as image references name it.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>How many requests the Docker engine has made so far.</summary>
    public int EngineRequests
    {
        get
        {
            lock (_log)
            {
                return _log.Count(line => line.Contains("\"docker/", StringComparison.Ordinal) && line.Contains(" /v2/", StringComparison.Ordinal));
            }
        }
    }

    public static async Task<LocalRegistry> StartAsync(bool withPassword = false)
    {
        var directory = Directory.CreateTempSubdirectory("deploymatrix-registry-");
        var port = FreePort();
        var auth = "";
        if (withPassword)
        {
            var htpasswd = await CliWrap.Cli.Wrap("htpasswd").WithArguments(["-Bbn", User, Password]).ExecuteBufferedAsync();
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "htpasswd"), htpasswd.StandardOutput);
            auth = $"auth:\n  htpasswd:\n    realm: deploymatrix-spec\n    path: {directory.FullName}/htpasswd\n";
        }

        var config = Path.Combine(directory.FullName, "config.yml");
        await File.WriteAllTextAsync(config,
            $"version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {directory.FullName}/data\nhttp:\n  addr: 127.0.0.1:{port}\n  secret: spec\n{auth}");
        var start = new ProcessStartInfo("docker-registry", ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var registry = new LocalRegistry(
            directory,
            Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start: apt-get install docker-registry (./dm setup does)"),
            port,
            withPassword);
        await registry.WaitUntilAnsweringAsync();
        return registry;
    }

    /// <summary>
    /// Pushes each local image as <c>NAME:TAG-ARCH</c>, then joins them into one index <c>NAME:TAG</c>.
    /// </summary>
    /// <returns>The index's digest.</returns>
    public async Task<string> PushIndexAsync(string name, string tag, IReadOnlyList<(string LocalImage, Platform Platform)> images)
    {
        var manifests = new JsonArray();
        foreach (var (local, platform) in images)
        {
            var single = $"{tag}-{platform.DebianArchitecture}";
            string[] credentials = _http.DefaultRequestHeaders.Authorization is null ? [] : ["--dest-creds", $"{User}:{Password}"];
            await CliWrap.Cli.Wrap("skopeo")
                .WithArguments(["copy", "-q", "--dest-tls-verify=false", .. credentials, $"docker-daemon:{local}", $"docker://{Host}/{name}:{single}"])
                .ExecuteBufferedAsync();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{name}/manifests/{single}");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ManifestV2));
            using var response = (await _http.SendAsync(request)).EnsureSuccessStatusCode();
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var architecture = platform.Name.Split('/')[1];
            var entry = new JsonObject { ["architecture"] = architecture, ["os"] = "linux" };
            if (architecture == "arm64")
            {
                entry["variant"] = "v8";
            }

            manifests.Add(new JsonObject
            {
                ["mediaType"] = ManifestV2,
                ["size"] = bytes.Length,
                ["digest"] = response.Headers.GetValues("Docker-Content-Digest").Single(),
                ["platform"] = entry,
            });
        }

        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = ManifestList, ["manifests"] = manifests };
        using var content = new StringContent(index.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(ManifestList);
        using var put = (await _http.PutAsync($"v2/{name}/manifests/{tag}", content)).EnsureSuccessStatusCode();
        return put.Headers.GetValues("Docker-Content-Digest").Single();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
        _directory.Delete(recursive: true);
    }

    /// <summary>A port nothing listens on, right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.Add(line);
            }
        }
    }

    private async Task WaitUntilAnsweringAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var response = await _http.GetAsync("v2/");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"docker-registry on {Host} did not answer: {string.Join('\n', _log)}");
    }
}
