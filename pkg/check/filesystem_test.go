package check

import (
	"encoding/json"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/result"
)

func TestBuildLeftovers(t *testing.T) {
	fs := of(auditLayers(t, v1.Config{User: "0", WorkingDir: "/work"}, step("COPY . .",
		file("work/tests/test_app.py", "assert 1"),
		file("app/.vscode/settings.json", "{}"),
		file("app/pkg/__pycache__/a.cpython-312.pyc", "pyc"),
		file("app/lib/__pycache__/b.cpython-312.pyc", "pyc"),
		file("app/.pytest_cache/v/cache/lastfailed", "{}"),
		file("app/coverage/index.html", "<html>"),
		file("app/server.log", "started"),
		file("app/.DS_Store", "\x00"),
		file("app/Dockerfile", "FROM scratch"),
		file("app/docker-compose.yml", "services: {}"),
		file("app/.github/workflows/ci.yml", "on: push"),
		file("app/node_modules/x/test/a.js", "x"),
		file("usr/lib/python3/test/test_x.py", "x"),
		file("var/log/dpkg.log", "x"),
		file("app/main.py", "print()"),
	)), "build-leftover")

	all := ""
	for _, f := range fs {
		all += f.Message + "\n"
		if f.Severity != result.Low || f.Layer == nil {
			t.Errorf("finding %+v, want low with a layer", f)
		}
	}
	for _, p := range []string{"/work/tests", "/app/.vscode", "/app/pkg/__pycache__",
		"/app/lib/__pycache__", "/app/.pytest_cache", "/app/coverage", "/app/server.log",
		"/app/.DS_Store", "/app/Dockerfile", "/app/docker-compose.yml", "/app/.github"} {
		if !strings.Contains(all, p) {
			t.Errorf("no finding names %s", p)
		}
	}
	for _, p := range []string{
		"node_modules", "/usr/lib", "/var/log", "main.py", "cache/lastfailed",
	} {
		if strings.Contains(all, p) {
			t.Errorf("findings name %s:\n%s", p, all)
		}
	}
	if f := byPath(fs, "build-leftover", "/app/lib/__pycache__"); f == nil ||
		!strings.Contains(f.Message, "bytecode cache left from the build context (2:") {
		t.Errorf("the two __pycache__ folders are not one finding: %v", fs)
	}
}

func TestPermissions(t *testing.T) {
	fs := auditLayers(t, v1.Config{User: "0"}, step("ADD rootfs /",
		owned(withMode(exe("usr/bin/passwd", "ELF"), 0o4755), 0),
		withMode(exe("usr/bin/wall", "ELF"), 0o2755),
		exe("usr/bin/ls", "ELF"),
		withMode(dir("tmp"), 0o1777),
		withMode(file("tmp/scratch", "x"), 0o666),
		withMode(file("var/tmp/x", "x"), 0o666),
		withMode(dir("srv/shared"), 0o1777),
		withMode(dir("app/data"), 0o777),
		withMode(file("app/data/a", "x"), 0o666),
		withMode(file("app/data/b", "x"), 0o666),
		withMode(file("etc/app.conf", "x"), 0o666),
		withMode(dir("tmpfoo"), 0o777),
		symlink("usr/bin/link", "ls"),
	))
	expect(t, fs, []want{
		{"setuid", "/usr/bin/passwd", result.Info},
		{"setuid", "/usr/bin/wall", result.Info},
		{"setuid", "/usr/bin/ls", 0},
		{"world-writable", "/app/data", result.Low},
		{"world-writable", "/app/data/a", 0},
		{"world-writable", "/etc/app.conf", result.Low},
		{"world-writable", "/tmpfoo", result.Low},
		{"world-writable", "/tmp", 0},
		{"world-writable", "/tmp/scratch", 0},
		{"world-writable", "/var/tmp/x", 0},
		{"world-writable", "/srv/shared", 0},
		{"world-writable", "/usr/bin/link", 0},
	})
	f := byPath(fs, "world-writable", "/app/data")
	if f != nil && !strings.Contains(f.Message, "2 world-writable") {
		t.Errorf("message %q does not count the entries below", f.Message)
	}
	f = byPath(fs, "setuid", "/usr/bin/passwd")
	if f != nil && !strings.Contains(f.Message, "setuid") {
		t.Errorf("message %q does not say which bit", f.Message)
	}
}

func TestSudoAndSSHServer(t *testing.T) {
	dpkg := "Package: sudo\nStatus: install ok installed\nVersion: 1.9.13p3-1\n"
	apk := "P:openssh-server\nV:9.6_p1-r0\n"
	tests := []struct {
		name  string
		es    []ent
		check string
		path  string
		words string
	}{
		{"sudo by package and binary",
			[]ent{file("var/lib/dpkg/status", dpkg), exe("usr/bin/sudo", "ELF")}, "sudo",
			"/usr/bin/sudo", "package sudo 1.9.13p3-1"},
		{"sudo by package alone", []ent{file("var/lib/dpkg/status", dpkg)}, "sudo", "",
			"sudo is installed"},
		{"doas by binary", []ent{exe("usr/bin/doas", "ELF")}, "sudo", "/usr/bin/doas", "doas"},
		{"sshd from apk", []ent{file("lib/apk/db/installed", apk)}, "ssh-server", "",
			"package openssh-server 9.6_p1-r0"},
		{"dropbear by binary", []ent{exe("usr/sbin/dropbear", "ELF")}, "ssh-server",
			"/usr/sbin/dropbear", "dropbear"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := of(auditLayers(t, v1.Config{User: "0"}, step("RUN install", tt.es...)), tt.check)
			if len(fs) != 1 || fs[0].Path != tt.path || !strings.Contains(fs[0].Message, tt.words) {
				t.Errorf("findings %v, want one at %q saying %q", fs, tt.path, tt.words)
			}
		})
	}
	clean := auditLayers(t, v1.Config{User: "0"}, step("ADD rootfs", exe("usr/bin/ls", "ELF"),
		file("usr/share/doc/sudo/README", "docs")))
	if n := len(of(clean, "sudo")) + len(of(clean, "ssh-server")); n != 0 {
		t.Errorf("sudo or ssh-server fired on an image without them: %v", clean)
	}
}

// TestAwkwardPaths has findings at paths with spaces, bytes that are not
// UTF-8, and behind a hard link: each is reported at its exact path, the
// message quotes it, and the JSON form still encodes.
func TestAwkwardPaths(t *testing.T) {
	const bad = "/srv/\xff\xfeapp/.env"
	fs := auditLayers(t, v1.Config{User: "0"}, step("COPY . /srv",
		file(bad[1:], "A=1"),
		file("srv/my project/.git/HEAD", "ref"),
		file("srv/keys/\xe9t\xe9.txt", pemKey),
		file("srv/orig.env", "A=1"),
		hardlink("srv/linked/.env", "srv/orig.env"),
	))
	expect(t, fs, []want{
		{"env-file", bad, result.High},
		{"git-dir", "/srv/my project/.git", result.High},
		{"secret-file", "/srv/keys/\xe9t\xe9.txt", result.High},
		{"env-file", "/srv/linked/.env", result.High},
	})
	f := byPath(fs, "env-file", bad)
	if f != nil && !strings.Contains(f.Message, `"/srv/\xff\xfeapp/.env"`) {
		t.Errorf("message %q does not quote the path byte for byte", f.Message)
	}
	if _, err := json.Marshal(result.Result{Findings: fs}); err != nil {
		t.Errorf("findings do not encode as JSON: %v", err)
	}
}
