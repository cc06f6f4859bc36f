package check

import (
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/result"
)

func TestPackageCaches(t *testing.T) {
	caches := []struct {
		name, file, root string
	}{
		{"apt lists", "var/lib/apt/lists/deb.debian.org_dists_main_Packages", "/var/lib/apt/lists"},
		{"apt archives", "var/cache/apt/archives/gcc_12_amd64.deb", "/var/cache/apt"},
		{"apk", "var/cache/apk/APKINDEX.abc.tar.gz", "/var/cache/apk"},
		{"pip", "root/.cache/pip/http-v2/a/b", "/root/.cache/pip"},
		{"npm", "root/.npm/_cacache/index-v5/aa/bb", "/root/.npm/_cacache"},
		{"yarn", "usr/local/share/.cache/yarn/v6/npm-x.tgz", "/usr/local/share/.cache/yarn"},
		{"go-build", "root/.cache/go-build/0a/0abc-d", "/root/.cache/go-build"},
		{"cargo", "usr/local/cargo/registry/cache/serde-1.0.crate", "/usr/local/cargo/registry"},
		{"maven", "root/.m2/repository/org/x/x-1.jar", "/root/.m2/repository"},
		{"gradle", "home/app/.gradle/caches/modules-2/x.jar", "/home/app/.gradle/caches"},
	}
	ls := []lay{step("ADD rootfs", file("etc/passwd", passwd))}
	for i, c := range caches {
		body := strings.Repeat("c", 1000+i)
		ls = append(ls, step("RUN install "+c.name, file(c.file, body), file(c.file+".more", body)))
	}
	fs := auditLayers(t, v1.Config{User: "app"}, ls...)

	for i, c := range caches {
		f := byPath(fs, "package-cache", c.root)
		if f == nil {
			t.Errorf("%s: no package-cache finding at %s", c.name, c.root)
			continue
		}
		if want := int64(2 * (1000 + i)); f.Bytes != want {
			t.Errorf("%s: bytes = %d, want %d", c.name, f.Bytes, want)
		}
		if f.Layer == nil || *f.Layer != i+1 || f.CreatedBy != "RUN install "+c.name {
			t.Errorf("%s: layer %v (%q), want %d", c.name, f.Layer, f.CreatedBy, i+1)
		}
	}
	if n := len(of(fs, "package-cache")); n != len(caches) {
		t.Errorf("%d package-cache findings, want %d", n, len(caches))
	}
}

func TestNotACache(t *testing.T) {
	tests := []struct {
		name string
		ls   []lay
	}{
		{"empty partial folders and lock files", []lay{step("RUN apt-get install",
			dir("var/lib/apt/lists/partial"), file("var/lib/apt/lists/lock", ""),
			dir("var/cache/apt/archives/partial"), file("var/cache/apt/archives/lock", ""))}},
		{"created and cleaned in one RUN", []lay{step("RUN apt-get update && … && rm -rf …",
			dir("var/lib/apt/lists"), file("usr/bin/curl", "x"))}},
		{"cleaned by a later layer", []lay{
			step("RUN apt-get update", file("var/lib/apt/lists/x_Packages", "p")),
			step("RUN rm -rf /var/lib/apt/lists", whiteout("var/lib/apt/lists"))}},
		{"a folder only named like one", []lay{step("COPY . /srv",
			file("srv/var/lib/apt/lists/x", "x"), file("root/.cache/pipx/x", "x"))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := auditLayers(t, v1.Config{User: "0"}, tt.ls...)
			if got := of(fs, "package-cache"); len(got) > 0 {
				t.Errorf("package-cache fired: %v", got)
			}
		})
	}
}

func TestCompilers(t *testing.T) {
	dpkg := "Package: gcc-12\nStatus: install ok installed\nVersion: 12.2.0-14\n\n" +
		"Package: make\nStatus: install ok installed\nVersion: 4.3-4.1\n\n" +
		"Package: libc6-dev\nStatus: install ok installed\nVersion: 2.36-9\n"
	apk := "P:build-base\nV:0.5-r3\n\nP:gcc\nV:13.2.1_git20231014-r0\n\nP:musl\nV:1.2.4-r2\n"
	tests := []struct {
		name     string
		es       []ent
		want     map[string]string // path ("" for a package) → words the message must hold
		wantNone bool
	}{
		{"dpkg status, no binaries", []ent{file("var/lib/dpkg/status", dpkg)},
			map[string]string{"": "gcc-12 12.2.0-14"}, false},
		{"apk installed db", []ent{file("lib/apk/db/installed", apk)},
			map[string]string{"": "build-base 0.5-r3"}, false},
		{"binary with its versioned package", []ent{
			file("var/lib/dpkg/status", dpkg),
			exe("usr/bin/x86_64-linux-gnu-gcc-12", "ELF"),
			symlink("usr/bin/gcc-12", "x86_64-linux-gnu-gcc-12"),
			symlink("usr/bin/gcc", "gcc-12")},
			map[string]string{"/usr/bin/gcc": "package gcc-12 12.2.0-14"}, false},
		{"hard-linked gcc", []ent{
			exe("usr/libexec/gcc/real-gcc", "ELF"),
			hardlink("usr/bin/gcc", "usr/libexec/gcc/real-gcc")},
			map[string]string{"/usr/bin/gcc": "gcc is installed"}, false},
		{"not executable", []ent{file("usr/bin/gcc", "notes")}, nil, true},
		{"a tool that is not a compiler", []ent{exe("usr/bin/gcc-ar", "ELF")}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := auditLayers(t, v1.Config{User: "0"}, step("RUN apt-get install", tt.es...))
			fs := of(all, "compiler")
			if tt.wantNone && len(fs) > 0 {
				t.Fatalf("compiler fired: %v", fs)
			}
			for p, words := range tt.want {
				if !hasFinding(t, fs, p, words) {
					t.Errorf("no compiler finding at %q saying %q in %v", p, words, fs)
				}
			}
			if n := len(fs); !tt.wantNone && n > 3 {
				t.Errorf("%d findings, want one a tool: %v", n, fs)
			}
		})
	}
}

// hasFinding reports whether one of fs is at path p and says words; a
// finding at a path must name its layer.
func hasFinding(t *testing.T, fs []result.Finding, p, words string) bool {
	t.Helper()
	for _, f := range fs {
		if f.Path != p || !strings.Contains(f.Message, words) {
			continue
		}
		if p != "" && (f.Layer == nil || f.CreatedBy == "") {
			t.Errorf("finding at %s lacks its layer: %+v", p, f)
		}
		return true
	}
	return false
}

func TestCachePatternsStartWithAName(t *testing.T) {
	// matchCache tries a path only against the patterns under its top
	// folder, so a pattern starting with "*" would never match.
	for _, c := range cacheDirs {
		if strings.HasPrefix(c.pattern, "/*") || !strings.HasPrefix(c.pattern, "/") {
			t.Errorf("pattern %q must start with a fixed top folder", c.pattern)
		}
	}
}
