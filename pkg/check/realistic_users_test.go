package check

import (
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// distroless is gcr.io/distroless/cc-debian12:nonroot: no shell, one dpkg
// status file per package (and its md5sums) under status.d, accounts for
// root, nobody and nonroot, and nonroot's home.
func distroless() lay {
	es := []ent{
		file("etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\n"+
			"nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n"+
			"nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n"),
		file("etc/group", "root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:65532:\n"),
		file("etc/os-release", "PRETTY_NAME=\"Distroless\"\nID=debian\nVERSION_ID=\"12\"\n"),
		withMode(dir("tmp"), 0o1777), owned(withMode(dir("home/nonroot"), 0o700), 65532),
		withMode(dir("root"), 0o700),
		zeros("etc/ssl/certs/ca-certificates.crt", 210_000),
		zeros("usr/lib/x86_64-linux-gnu/libc.so.6", 1_922_136),
		zeros("usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30", 2_190_440),
		zeros("usr/lib/x86_64-linux-gnu/libgcc_s.so.1", 125_312),
		zeros("usr/share/zoneinfo/UTC", 114),
	}
	for _, p := range []string{"base-files 12.4+deb12u5", "netbase 6.4", "tzdata 2024a-0+deb12u1",
		"media-types 10.0.0", "libc6 2.36-9+deb12u4", "gcc-12-base 12.2.0-14",
		"libgcc-s1 12.2.0-14", "libgomp1 12.2.0-14", "libstdc++6 12.2.0-14", "libssl3 3.0.11-1"} {
		name := strings.Fields(p)[0]
		es = append(es, file("var/lib/dpkg/status.d/"+name, dpkgStatus(p)),
			file("var/lib/dpkg/status.d/"+name+".md5sums",
				"0123456789abcdef0123456789abcdef  usr/share/doc/"+name+"/copyright\n"),
			file("usr/share/doc/"+name+"/copyright", "Format: https://…\n"))
	}
	return step("bazel build //base:cc_nonroot_amd64_debian12", es...)
}

func TestRealisticDistroless(t *testing.T) {
	app := step("COPY --from=build /out/server /server # buildkit",
		withMode(zeros("server", 9_000_000), 0o755))
	tests := []struct {
		name string
		cfg  v1.Config
		want map[string]int
	}{
		{"nonroot by number", v1.Config{User: "65532", Entrypoint: []string{"/server"}},
			map[string]int{"healthcheck-missing": 1}},
		{"nonroot by names", v1.Config{User: "nonroot:nonroot", Entrypoint: []string{"/server"}},
			map[string]int{"healthcheck-missing": 1}},
		{"a low port", v1.Config{User: "65532", Entrypoint: []string{"/server"},
			ExposedPorts: map[string]struct{}{"80/tcp": {}, "8443/tcp": {}}},
			map[string]int{"healthcheck-missing": 1, "port-privileged-nonroot": 1}},
		{"no command, as the base is", v1.Config{User: "65532", WorkingDir: "/home/nonroot"},
			map[string]int{"healthcheck-missing": 1, "no-command": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expectChecks(t, auditLayers(t, tt.cfg, distroless(), app), tt.want)
		})
	}
}

// TestRealisticUsers runs USER values that real images use against the
// account files real bases ship: the runtime refuses a name (user or
// group) that the image's files do not list, root included, and accepts any
// number.
func TestRealisticUsers(t *testing.T) {
	scratchApp := step("COPY --from=build /out/app /app", withMode(zeros("app", 5_000_000), 0o755))
	tests := []struct {
		name    string
		user    string
		base    lay
		root    bool
		unknown string // words the user-unknown message holds; "" for none
	}{
		{"nobody on Debian", "nobody", debianSlim(), false, ""},
		{"nobody on Alpine", "nobody:nobody", alpine(false), false, ""},
		{"nobody on scratch", "nobody", scratchApp, false, "the image has no /etc/passwd"},
		{"numbers only, no passwd", "65534:65534", scratchApp, false, ""},
		{"numbers only, listed", "65534:65534", debianSlim(), false, ""},
		{"group missing", "www-data:app", debianSlim(), false, "/etc/group does not list it"},
		{"group of the same name missing", "nobody:nobody", debianSlim(), false,
			`names a group`},
		{"root on Debian", "root", debianSlim(), true, ""},
		{"root:root on Alpine", "root:root", alpine(false), true, ""},
		{"root with no passwd", "root", scratchApp, true, "the image has no /etc/passwd"},
		{"root:root with no account files", "root:root", scratchApp, true, "no /etc/passwd"},
		{"0:0 with no account files", "0:0", scratchApp, true, ""},
		{"uid 0 by another name", "toor", step("RUN echo toor… >> /etc/passwd",
			file("etc/passwd", debianPasswd+"toor:x:0:0::/root:/bin/sh\n")), true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := auditLayers(t, v1.Config{User: tt.user, Entrypoint: []string{"/app"}}, tt.base)
			if got := len(of(fs, "user-root")) == 1; got != tt.root {
				t.Errorf("user-root fired: %v, want %v:\n%s", got, tt.root, messagesOf(fs, "user-root"))
			}
			unknown := of(fs, "user-unknown")
			switch {
			case tt.unknown == "" && len(unknown) > 0:
				t.Errorf("user-unknown fired: %s", unknown[0].Message)
			case tt.unknown != "" && len(unknown) != 1:
				t.Errorf("user-unknown fired %d times, want once saying %q", len(unknown), tt.unknown)
			case tt.unknown != "" && !strings.Contains(unknown[0].Message, tt.unknown):
				t.Errorf("user-unknown says %q, want it to say %q", unknown[0].Message, tt.unknown)
			}
			if n := len(of(fs, "port-privileged-nonroot")); n > 0 {
				t.Errorf("port-privileged-nonroot fired with no port exposed")
			}
		})
	}
}
