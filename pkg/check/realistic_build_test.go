package check

import (
	"slices"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// goBuild is a one-stage Go build on debian:bookworm-slim that ships its
// build stage: the Go tool chain in /usr/local/go (with the test keys of its
// own source tree), the module cache with extracted modules under
// gopath/pkg/mod, and the build cache under home/.cache/go-build.
func goBuild(gopath, home string) []lay {
	mod := gopath + "/pkg/mod/"
	pq := mod + "github.com/lib/pq@v1.10.9/"
	return []lay{
		debianSlim(),
		step("RUN /bin/sh -c curl -fsSL https://go.dev/dl/go1.22.1.linux-amd64.tar.gz | "+
			"tar -C /usr/local -xz",
			withMode(zeros("usr/local/go/bin/go", 12_000_000), 0o755),
			withMode(zeros("usr/local/go/bin/gofmt", 3_000_000), 0o755),
			withMode(zeros("usr/local/go/pkg/tool/linux_amd64/compile", 20_000_000), 0o755),
			file("usr/local/go/VERSION", "go1.22.1\n"),
			file("usr/local/go/src/crypto/tls/testdata/example-key.pem", pemKey),
			file("usr/local/go/src/crypto/tls/testdata/example-cert.pem", pemCert),
			file("usr/local/go/src/net/http/testdata/index.html", "<html>"),
			file("usr/local/go/test/fixedbugs/bug000.go", "package main\n")),
		step("COPY go.mod go.sum ./ # buildkit",
			file("src/go.mod", "module example.com/app\n"), file("src/go.sum", "")),
		step("RUN /bin/sh -c go mod download # buildkit",
			zeros(mod+"cache/download/github.com/lib/pq/@v/v1.10.9.zip", 150_000),
			file(mod+"cache/download/github.com/lib/pq/@v/v1.10.9.mod", "module github.com/lib/pq"),
			file(mod+"cache/download/github.com/lib/pq/@v/list", "v1.10.9\n"),
			file(mod+"cache/download/github.com/lib/pq/@v/v1.10.9.lock", ""),
			withMode(zeros(pq+"conn.go", 60_000), 0o444),
			withMode(file(pq+"certs/postgresql.key", pemKey), 0o444),
			withMode(file(pq+".github/workflows/test.yml", "on: push"), 0o444),
			withMode(file(pq+"test/docker-compose.yml", "services: {}"), 0o444),
			withMode(file(mod+"github.com/acme/envcfg@v0.3.0/.env", "LEVEL=debug\n"), 0o444)),
		step("COPY . . # buildkit",
			file("src/main.go", "package main\n"),
			file("src/internal/db/db_test.go", "package db\n"),
			file("src/internal/db/testdata/dump.sql", "--\n")),
		step("RUN /bin/sh -c go build -o /usr/local/bin/app . # buildkit",
			withMode(zeros("usr/local/bin/app", 8_000_000), 0o755),
			zeros(home+"/.cache/go-build/0a/0a1b2c3d-d", 5_000_000),
			file(home+"/.cache/go-build/README", "This directory holds cached build artifacts"),
			file(home+"/.cache/go-build/trim.txt", "1700000000")),
	}
}

func TestRealisticGoBuildStage(t *testing.T) {
	tests := []struct {
		name, gopath, home string
		user               string
	}{
		{"as root, default GOPATH", "root/go", "root", ""},
		{"as a build user", "home/builder/go", "home/builder", "builder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls := goBuild(tt.gopath, tt.home)
			ls[0].entries = append(slices.Clone(ls[0].entries), file("etc/passwd",
				debianPasswd+"builder:x:1000:1000::/home/builder:/bin/sh\n"))
			cfg := v1.Config{User: tt.user, WorkingDir: "/src", Cmd: []string{"/usr/local/bin/app"},
				Env: []string{"PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:" +
					"/usr/bin:/sbin:/bin"}}
			fs := auditLayers(t, cfg, ls...)

			want := map[string]int{"setuid": 11, "healthcheck-missing": 1, "compiler": 1,
				"package-cache": 2, "secret-file": 2, "env-file": 1}
			if tt.user == "" {
				want["user-root"] = 1
			}
			expectChecks(t, fs, want)
			expectAt(t, fs, "compiler", "/usr/local/go/bin/go", 1, result.Medium, "go is installed")

			mod := "/" + tt.gopath + "/pkg/mod"
			expectAt(t, fs, "package-cache", mod, 3, result.Medium, "Go module cache")
			if f := byPath(fs, "package-cache", mod); f != nil && f.Bytes < 150_000+60_000 {
				t.Errorf("module cache counts %d bytes, not the extracted modules", f.Bytes)
			}
			expectAt(t, fs, "package-cache", "/"+tt.home+"/.cache/go-build", 5, result.Medium,
				"Go build cache")

			for _, p := range []string{"/usr/local/go/src/crypto/tls/testdata/example-key.pem",
				mod + "/github.com/lib/pq@v1.10.9/certs/postgresql.key"} {
				expectAt(t, fs, "secret-file", p, strings.Count(p, "pkg/mod")*2+1, result.Low,
					"came with")
			}
			expectAt(t, fs, "env-file", mod+"/github.com/acme/envcfg@v0.3.0/.env", 3, result.Low)
		})
	}
}
