package check

import (
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/result"
)

func TestSecretFiles(t *testing.T) {
	const (
		awsSecret  = "wJalrXUtnFEMIfakefakefakefakefakefake"
		kubeToken  = "eyJhbGciOiJSUzI1NiJ9.fakefakefake"
		dockerAuth = "dXNlcjpmYWtlcGFzc3dvcmQ="
	)
	fs := auditLayers(t, v1.Config{User: "1000"}, step("COPY . /",
		file("srv/app/key.txt", pemKey),
		file("root/.ssh/id_rsa", "not a key at all\n"),
		file("root/.ssh/id_ed25519", sshKey),
		file("root/.ssh/id_ed25519.pub", "ssh-ed25519 AAAAC3fake user@host\n"),
		file("etc/ssl/certs/ca-bundle.pem", pemCert+pemCert),
		file("srv/app/tls/server.pem", pemCert+pemKey),
		file("srv/app/.npmrc", "registry=https://registry.npmjs.org/\n"+
			"//registry.npmjs.org/:_authToken="+npmToken+"\n"),
		file("srv/web/.npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"),
		file("root/.pypirc", "[pypi]\nusername = __token__\npassword = pypi-AgEfake\n"),
		file("home/app/.pypirc", "[pypi]\nusername = __token__\n"),
		file("root/.netrc", "machine example.com login me password fake\n"),
		file("home/app/.netrc", ""),
		file("root/.git-credentials", "https://me:fake@example.com\n"),
		file("root/.aws/credentials", "[default]\naws_secret_access_key = "+awsSecret+"\n"),
		file("root/.docker/config.json", `{"auths":{"registry.example.com":{"auth":"`+dockerAuth+`"}}}`),
		file("home/app/.docker/config.json", `{"auths":{"ghcr.io":{}},"credsStore":"desktop"}`),
		file("root/.kube/config", "apiVersion: v1\nkind: Config\nclusters: []\nusers:\n"+
			"- name: admin\n  user:\n    token: "+kubeToken+"\n"),
		file("home/app/.kube/config", "apiVersion: v1\nkind: Config\nclusters: []\nusers:\n"+
			"- name: admin\n  user:\n    exec:\n      command: aws\n"),
		file("srv/app/node_modules/https-proxy/test/key.pem", pemKey),
		symlink("srv/app/current.key", "key.txt"),
	))
	expect(t, fs, []want{
		{"secret-file", "/srv/app/key.txt", result.High},
		{"secret-file", "/root/.ssh/id_rsa", 0},
		{"secret-file", "/root/.ssh/id_ed25519", result.High},
		{"secret-file", "/root/.ssh/id_ed25519.pub", 0},
		{"secret-file", "/etc/ssl/certs/ca-bundle.pem", 0},
		{"secret-file", "/srv/app/tls/server.pem", result.High},
		{"secret-file", "/srv/app/.npmrc", result.High},
		{"secret-file", "/srv/web/.npmrc", 0},
		{"secret-file", "/root/.pypirc", result.High},
		{"secret-file", "/home/app/.pypirc", 0},
		{"secret-file", "/root/.netrc", result.High},
		{"secret-file", "/home/app/.netrc", 0},
		{"secret-file", "/root/.git-credentials", result.High},
		{"secret-file", "/root/.aws/credentials", result.High},
		{"secret-file", "/root/.docker/config.json", result.High},
		{"secret-file", "/home/app/.docker/config.json", 0},
		{"secret-file", "/root/.kube/config", result.High},
		{"secret-file", "/home/app/.kube/config", 0},
		{"secret-file", "/srv/app/node_modules/https-proxy/test/key.pem", result.Low},
		{"secret-file", "/srv/app/current.key", 0},
	})
	for _, f := range of(fs, "secret-file") {
		secrets := []string{npmToken, awsSecret, kubeToken, dockerAuth, "MIIEfake", "fake@"}
		for _, secret := range secrets {
			if strings.Contains(f.Message, secret) {
				t.Errorf("message %q shows a secret", f.Message)
			}
		}
		if f.Layer == nil || *f.Layer != 0 || f.CreatedBy != "COPY . /" {
			t.Errorf("%s: layer %v, created by %q; want layer 0, COPY . /", f.Path, f.Layer, f.CreatedBy)
		}
	}
}

// TestKeyBehindHardLink removes a key whose hard link survives: the bytes
// stay in the final filesystem under the link's name.
func TestKeyBehindHardLink(t *testing.T) {
	fs := auditLayers(t, v1.Config{User: "1000"},
		step("COPY keys /keys", file("keys/deploy.txt", sshKey),
			hardlink("keys/backup", "keys/deploy.txt")),
		step("RUN rm /keys/deploy.txt", whiteout("keys/deploy.txt")),
	)
	expect(t, fs, []want{
		{"secret-file", "/keys/backup", result.High},
		{"secret-file", "/keys/deploy.txt", 0},
		{"secret-deleted", "/keys/deploy.txt", result.High},
	})
	if f := byPath(fs, "secret-file", "/keys/backup"); f != nil &&
		!strings.Contains(f.Message, "hard link to /keys/deploy.txt") {
		t.Errorf("message %q does not say what the link shares", f.Message)
	}

	// While the linked file stays, it alone is reported.
	fs = auditLayers(t, v1.Config{User: "1000"},
		step("COPY keys /keys", file("keys/deploy.txt", sshKey),
			hardlink("keys/backup", "keys/deploy.txt")))
	expect(t, fs, []want{
		{"secret-file", "/keys/deploy.txt", result.High},
		{"secret-file", "/keys/backup", 0},
	})
}
