package check

import (
	"slices"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// alpineBuildBase is "apk add --no-cache build-base" on alpine:3.19: gcc
// with its triplet name as a hard link and cc as a symbolic link, g++ and
// c++, make, headers, and the database that now lists them.
func alpineBuildBase() lay {
	pkgs := append(slices.Clone(alpinePackages), "build-base 0.5-r3",
		"gcc 13.2.1_git20231014-r0", "g++ 13.2.1_git20231014-r0", "make 4.4.1-r2",
		"musl-dev 1.2.4_git20230717-r4", "libc-dev 0.7.2-r5", "binutils 2.41-r0",
		"fortify-headers 1.1-r3", "libstdc++-dev 13.2.1_git20231014-r0", "patch 2.7.6-r10",
		"file 5.45-r1")
	return step("RUN /bin/sh -c apk add --no-cache build-base # buildkit",
		file("lib/apk/db/installed", apkInstalled(pkgs...)),
		exe("usr/bin/gcc", "ELF gcc"),
		hardlink("usr/bin/x86_64-alpine-linux-musl-gcc", "usr/bin/gcc"),
		hardlink("usr/bin/x86_64-alpine-linux-musl-gcc-13.2.1", "usr/bin/gcc"),
		symlink("usr/bin/cc", "gcc"),
		exe("usr/bin/g++", "ELF g++"), hardlink("usr/bin/c++", "usr/bin/g++"),
		exe("usr/bin/make", "ELF make"), exe("usr/bin/ld", "ELF ld"),
		exe("usr/libexec/gcc/x86_64-alpine-linux-musl/13.2.1/cc1", "ELF cc1"),
		file("usr/include/stdio.h", "#include <features.h>\n"))
}

func TestRealisticAlpine(t *testing.T) {
	cfg := v1.Config{Cmd: []string{"/bin/sh"},
		Env: []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}}
	tests := []struct {
		name string
		ls   []lay
		want map[string]int
	}{
		{"applets as symbolic links", []lay{alpine(false)},
			map[string]int{"user-root": 1, "healthcheck-missing": 1}},
		{"applets as hard links", []lay{alpine(true)},
			map[string]int{"user-root": 1, "healthcheck-missing": 1}},
		{"apk add without --no-cache", []lay{alpine(false), step("RUN apk update && apk add curl",
			file("lib/apk/db/installed", apkInstalled(append(alpinePackages, "curl 8.5.0-r0")...)),
			exe("usr/bin/curl", "ELF"), zeros("var/cache/apk/APKINDEX.5022a8a2.tar.gz", 500_000),
			zeros("var/cache/apk/APKINDEX.8bd1c0ac.tar.gz", 200_000))},
			map[string]int{"user-root": 1, "healthcheck-missing": 1, "package-cache": 1}},
		{"build-base", []lay{alpine(false), alpineBuildBase()},
			map[string]int{"user-root": 1, "healthcheck-missing": 1, "compiler": 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := auditLayers(t, cfg, tt.ls...)
			expectChecks(t, fs, tt.want)
			if tt.want["package-cache"] > 0 {
				expectAt(t, fs, "package-cache", "/var/cache/apk", 1, result.Medium,
					"apk cache", "684 KiB", "--no-cache")
			}
		})
	}
}

func TestRealisticAlpineBuildBase(t *testing.T) {
	fs := of(auditLayers(t, v1.Config{User: "65534"}, alpine(false), alpineBuildBase()), "compiler")

	expectAt(t, fs, "compiler", "/usr/bin/gcc", 1, result.Medium,
		"gcc is installed", "package gcc 13.2.1_git20231014-r0")
	expectAt(t, fs, "compiler", "/usr/bin/g++", 1, result.Medium, "package g++")
	expectAt(t, fs, "compiler", "/usr/bin/make", 1, result.Medium, "package make 4.4.1-r2")
	var meta, dev *result.Finding
	for i, f := range fs {
		switch {
		case f.Path == "" && strings.Contains(f.Message, "build-base 0.5-r3"):
			meta = &fs[i]
		case f.Path == "" && f.Severity == result.Low:
			dev = &fs[i]
		}
	}
	if meta == nil || meta.Severity != result.Medium {
		t.Errorf("no medium finding names the build-base package: %v", fs)
	}
	if dev == nil || !strings.Contains(dev.Message, "musl-dev") ||
		!strings.Contains(dev.Message, "libstdc++-dev") {
		t.Errorf("no low finding names the header packages: %v", fs)
	}
}

// debianBuildEssential is "apt-get install build-essential" with the lists
// removed in the same RUN: gcc reached through gcc → gcc-12 → the triplet
// name, cc and c++ through /etc/alternatives, and make.
func debianBuildEssential() lay {
	pkgs := append(slices.Clone(debianSlimPackages), "binutils 2.40-2", "build-essential 12.9",
		"cpp 4:12.2.0-3", "cpp-12 12.2.0-14", "dpkg-dev 1.21.22", "g++ 4:12.2.0-3",
		"g++-12 12.2.0-14", "gcc 4:12.2.0-3", "gcc-12 12.2.0-14", "libc6-dev 2.36-9+deb12u4",
		"libgcc-12-dev 12.2.0-14", "libstdc++-12-dev 12.2.0-14", "linux-libc-dev 6.1.76-1",
		"make 4.3-4.1", "patch 2.7.6-7")
	return step("RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends "+
		"build-essential && rm -rf /var/lib/apt/lists/* # buildkit",
		file("var/lib/dpkg/status", dpkgStatus(pkgs...)),
		exe("usr/bin/x86_64-linux-gnu-gcc-12", "ELF gcc"),
		symlink("usr/bin/gcc-12", "x86_64-linux-gnu-gcc-12"),
		symlink("usr/bin/gcc", "gcc-12"), symlink("usr/bin/x86_64-linux-gnu-gcc", "gcc-12"),
		exe("usr/bin/x86_64-linux-gnu-g++-12", "ELF g++"),
		symlink("usr/bin/g++-12", "x86_64-linux-gnu-g++-12"), symlink("usr/bin/g++", "g++-12"),
		symlink("etc/alternatives/cc", "/usr/bin/gcc"), symlink("usr/bin/cc", "/etc/alternatives/cc"),
		symlink("etc/alternatives/c++", "/usr/bin/g++"),
		symlink("usr/bin/c++", "/etc/alternatives/c++"),
		exe("usr/bin/make", "ELF make"), exe("usr/bin/x86_64-linux-gnu-cpp-12", "ELF cpp"),
		exe("usr/bin/dpkg-buildpackage", "#!/usr/bin/perl"),
		file("usr/include/stdio.h", "#include <features.h>\n"),
		file("var/lib/apt/lists/lock", ""), file("var/cache/apt/archives/lock", ""),
		file("usr/share/doc/gcc-12/copyright", "…"))
}

func TestRealisticDebian(t *testing.T) {
	const setuid = 11 // login's, passwd's and mount's programs
	cfg := v1.Config{Cmd: []string{"bash"}}
	tests := []struct {
		name string
		ls   []lay
		want map[string]int
	}{
		{"bookworm-slim", []lay{debianSlim()},
			map[string]int{"user-root": 1, "healthcheck-missing": 1, "setuid": setuid}},
		{"build-essential", []lay{debianSlim(), debianBuildEssential()},
			map[string]int{"user-root": 1, "healthcheck-missing": 1, "setuid": setuid,
				"compiler": 5}},
		{"build deps removed in a later step", []lay{debianSlim(), debianBuildEssential(),
			step("RUN apt-get remove -y build-essential gcc-12 g++-12 make",
				file("var/lib/dpkg/status", dpkgStatus(append(slices.Clone(debianSlimPackages),
					"build-essential 12.9 rc", "gcc-12 12.2.0-14 rc", "g++-12 12.2.0-14 rc",
					"make 4.3-4.1 rc", "libc6-dev 2.36-9+deb12u4 rc")...)),
				whiteout("usr/bin/x86_64-linux-gnu-gcc-12"), whiteout("usr/bin/gcc-12"),
				whiteout("usr/bin/x86_64-linux-gnu-g++-12"), whiteout("usr/bin/make"))},
			map[string]int{"user-root": 1, "healthcheck-missing": 1, "setuid": setuid}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := auditLayers(t, cfg, tt.ls...)
			expectChecks(t, fs, tt.want)
			expectAt(t, fs, "setuid", "/usr/bin/su", 0, result.Info, "setuid", "uid 0")
			expectAt(t, fs, "setuid", "/usr/sbin/unix_chkpwd", 0, result.Info, "setgid")
		})
	}
}

func TestRealisticDebianBuildEssential(t *testing.T) {
	fs := of(auditLayers(t, v1.Config{User: "www-data"}, debianSlim(), debianBuildEssential()),
		"compiler")

	expectAt(t, fs, "compiler", "/usr/bin/gcc", 1, result.Medium, "package gcc 4:12.2.0-3")
	expectAt(t, fs, "compiler", "/usr/bin/g++", 1, result.Medium, "package g++ 4:12.2.0-3")
	expectAt(t, fs, "compiler", "/usr/bin/make", 1, result.Medium, "package make 4.3-4.1")
	for _, f := range fs {
		if f.Severity == result.Low && !strings.Contains(f.Message,
			"5 development packages are installed (dpkg-dev, libc6-dev,") {
			t.Errorf("the low finding does not list the -dev packages: %s", f.Message)
		}
		if strings.HasPrefix(f.Path, "/bin/") || f.Path == "/usr/bin/cc" {
			t.Errorf("a second name of a reported compiler is reported: %s", f.Message)
		}
		if strings.Contains(f.Message, "gcc-12 ") || strings.Contains(f.Message, "gcc-12-base") {
			t.Errorf("a package already named by a tool, or no compiler, is reported: %s",
				f.Message)
		}
	}
}
