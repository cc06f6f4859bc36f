package check

import (
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// Made-up key material in the shapes the checks look for; none is real.
const (
	pemKey  = "-----BEGIN RSA PRIVATE KEY-----\nMIIEfakefakefake\n-----END RSA PRIVATE KEY-----\n"
	pemCert = "-----BEGIN CERTIFICATE-----\nMIIDfakefakefake\n-----END CERTIFICATE-----\n"
	sshKey  = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEfake\n" +
		"-----END OPENSSH PRIVATE KEY-----\n"
	npmToken = "npm_Zq3fakefakefakefakefakefakefake1234"
)

// want is one expected finding: its check, path and severity; a zero
// severity expects no finding of that check at that path.
type want struct {
	check, path string
	sev         result.Severity
}

func expect(t *testing.T, fs []result.Finding, ws []want) {
	t.Helper()
	for _, w := range ws {
		f := byPath(fs, w.check, w.path)
		switch {
		case f == nil && w.sev != 0:
			t.Errorf("no %s finding at %q; got %v", w.check, w.path, fs)
		case f != nil && w.sev == 0:
			t.Errorf("unexpected %s finding at %q: %s", w.check, w.path, f.Message)
		case f != nil && f.Severity != w.sev:
			t.Errorf("%s at %q is %s, want %s", w.check, w.path, f.Severity, w.sev)
		}
	}
}

func TestSecretDeleted(t *testing.T) {
	tests := []struct {
		name  string
		added lay
		later lay
		want  want
		by    int // the layer that hid it
	}{
		{"env by whiteout",
			step("COPY . /srv/app", file("srv/app/.env", "DB_PASSWORD=hunter22"),
				file("srv/app/main", "x")),
			step("RUN rm /srv/app/.env", whiteout("srv/app/.env")),
			want{"secret-deleted", "/srv/app/.env", result.High}, 2},
		{"git dir by opaque folder",
			step("COPY . /srv/app", dir("srv/app/.git"), file("srv/app/.git/config", "[core]"),
				file("srv/app/.git/HEAD", "ref: refs/heads/main")),
			step("RUN rm -rf /srv/app && mkdir /srv/app", dir("srv/app"), opaque("srv/app")),
			want{"secret-deleted", "/srv/app/.git", result.High}, 2},
		{"key by content",
			step("COPY deploy.txt /root/", file("root/deploy.txt", sshKey)),
			step("RUN rm /root/deploy.txt", whiteout("root/deploy.txt")),
			want{"secret-deleted", "/root/deploy.txt", result.High}, 2},
		{"npmrc by whiteout of its folder",
			step("COPY .npmrc /build/", file("build/.npmrc", "//registry.npmjs.org/:_authToken="+npmToken)),
			step("RUN rm -rf /build", whiteout("build")),
			want{"secret-deleted", "/build/.npmrc", result.High}, 2},
		{"template is low",
			step("COPY . /srv/app", file("srv/app/.env.example", "DB_PASSWORD=")),
			step("RUN rm /srv/app/.env.example", whiteout("srv/app/.env.example")),
			want{"secret-deleted", "/srv/app/.env.example", result.Low}, 2},
		{"overwritten, not deleted",
			step("COPY . /srv/app", file("srv/app/.env", "A=1")),
			step("COPY .env /srv/app/", file("srv/app/.env", "A=2")),
			want{"secret-deleted", "/srv/app/.env", 0}, 2},
		{"ordinary file deleted",
			step("COPY . /srv/app", file("srv/app/notes.txt", "hello")),
			step("RUN rm /srv/app/notes.txt", whiteout("srv/app/notes.txt")),
			want{"secret-deleted", "/srv/app/notes.txt", 0}, 2},
	}
	base := step("ADD rootfs", file("etc/passwd", passwd))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := auditLayers(t, v1.Config{User: "app"}, base, tt.added, tt.later)
			expect(t, fs, []want{tt.want})
			f := byPath(fs, tt.want.check, tt.want.path)
			if f == nil || tt.want.sev == 0 {
				return
			}
			if f.Layer == nil || *f.Layer != 1 || f.CreatedBy != tt.added.createdBy {
				t.Errorf("added by layer %v (%q), want layer 1 (%q)", f.Layer, f.CreatedBy, tt.added.createdBy)
			}
			hid := "deleted by layer 2 (" + strings.TrimPrefix(tt.later.createdBy, "/bin/sh -c ")
			if !strings.Contains(f.Message, hid) {
				t.Errorf("message %q does not name the hiding layer: %q", f.Message, hid)
			}
			if strings.Contains(f.Message, "hunter22") || strings.Contains(f.Message, npmToken) {
				t.Errorf("message %q shows the secret", f.Message)
			}
			if n := len(of(fs, "secret-deleted")); n != 1 {
				t.Errorf("%d secret-deleted findings, want the one folder or file once", n)
			}
		})
	}
}

func TestEnvFiles(t *testing.T) {
	fs := auditLayers(t, v1.Config{User: "1000"}, step("COPY . /srv",
		file("srv/app/.env", "A=1"),
		file("srv/app/.env.example", "A="),
		file("srv/app/node_modules/dotenv/.env", "A=1"),
		file("usr/lib/python3/site-packages/pkg/.env", "A=1"),
		file("srv/config/real.env", "A=1"),
		symlink("srv/linked/.env", "../config/real.env"),
		symlink("srv/dangling/.env", "/run/secrets/env"),
		file("srv/my app/.env.production", "A=1"),
	))
	expect(t, fs, []want{
		{"env-file", "/srv/app/.env", result.High},
		{"env-file", "/srv/app/.env.example", result.Low},
		{"env-file", "/srv/app/node_modules/dotenv/.env", result.Low},
		{"env-file", "/usr/lib/python3/site-packages/pkg/.env", result.Low},
		{"env-file", "/srv/linked/.env", result.High},
		{"env-file", "/srv/dangling/.env", 0},
		{"env-file", "/srv/my app/.env.production", result.High},
	})
	if f := byPath(fs, "env-file", "/srv/linked/.env"); f != nil &&
		!strings.Contains(f.Message, "links to /srv/config/real.env") {
		t.Errorf("message %q does not say where the link leads", f.Message)
	}
	if f := byPath(fs, "env-file", "/srv/my app/.env.production"); f != nil &&
		!strings.Contains(f.Message, `"/srv/my app/.env.production"`) {
		t.Errorf("message %q does not quote the path with a space", f.Message)
	}
}
