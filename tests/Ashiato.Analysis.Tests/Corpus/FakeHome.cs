namespace Ashiato.Analysis.Tests.Corpus;

/// <summary>A CI user's home full of fake credentials (every kind the catalog names) and the usual dotfiles.</summary>
public static class FakeHome
{
    private static readonly (string Path, string Content)[] Files =
    [
        (".netrc", "machine registry.example.org login ci password not-a-real-password\n"),
        (".npmrc", "//registry.example.org/:_authToken=npm_notARealToken000000000000000000000\n"),
        (".pypirc", "[pypi]\nusername = __token__\npassword = pypi-notARealToken\n"),
        (".git-credentials", "https://ci:ghp_notARealToken000000000000000000000000@github.com\n"),
        (".ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a real key\n-----END OPENSSH PRIVATE KEY-----\n"),
        (".ssh/id_rsa.pub", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ ci@runner\n"),
        (".ssh/known_hosts", "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"),
        (".gnupg/private-keys-v1.d/0A1B2C3D4E5F.key", "Created: 20260101T000000\nKey: (private-key not-real)\n"),
        (".config/gh/hosts.yml", "github.com:\n    oauth_token: gho_notARealToken\n    user: ci\n"),
        (".cargo/credentials.toml", "[registry]\ntoken = \"cio_notARealToken\"\n"),
        (".m2/settings.xml", "<settings><servers><server><id>r</id><password>not-real</password></server></servers></settings>\n"),
        (".docker/config.json", "{\"auths\":{\"ghcr.io\":{\"auth\":\"bm90OnJlYWw=\"}}}\n"),
        (".kube/config", "apiVersion: v1\nkind: Config\nusers: [{name: ci, user: {token: not-real}}]\n"),
        (".aws/credentials", "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
        (".config/gcloud/application_default_credentials.json", "{\"type\":\"authorized_user\",\"refresh_token\":\"not-real\"}\n"),
        (".azure/msal_token_cache.json", "{\"AccessToken\":{}}\n"),
        (".bashrc", "# ~/.bashrc\n"),
        (".profile", "# ~/.profile\n"),
        (".bash_history", "ls\n"),
        (".zsh_history", "ls\n"),
        (".python_history", "1 + 1\n"),
        (".cache/.keep", ""),
    ];

    public static void Create(string directory)
    {
        foreach (var (path, content) in Files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        File.SetUnixFileMode(Path.Combine(directory, ".ssh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(Path.Combine(directory, ".ssh", "id_rsa"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
