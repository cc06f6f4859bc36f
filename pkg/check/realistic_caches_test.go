package check

import (
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// TestRealisticCaches fills the caches that today's package managers
// leave when a Dockerfile installs without cleaning up, each where the
// tool puts it in an official image, and a folder beside one that is the
// application's own.
func TestRealisticCaches(t *testing.T) {
	tests := []struct {
		name, file, root, tool string // root "" for no finding
	}{
		{"uv", "root/.cache/uv/wheels-v1/pypi/django/django-5.0-py3-none-any.whl",
			"/root/.cache/uv", "uv cache"},
		{"Poetry cache", "root/.cache/pypoetry/cache/repositories/PyPI/_http/a/b",
			"/root/.cache/pypoetry/cache", "Poetry cache"},
		{"Poetry artifacts", "root/.cache/pypoetry/artifacts/0a/1b/django-5.0.tar.gz",
			"/root/.cache/pypoetry/artifacts", "Poetry cache"},
		{"Poetry's virtualenv is the app's",
			"root/.cache/pypoetry/virtualenvs/shop-Zq7-py3.12/lib/python3.12/site-packages/x.py",
			"", ""},
		{"conda", "opt/conda/pkgs/numpy-1.26.4-py312h2809609_0.conda", "/opt/conda/pkgs",
			"conda package cache"},
		{"bundler's gems", "usr/local/bundle/cache/rails-7.1.3.gem", "/usr/local/bundle/cache",
			"gem cache"},
		{"Debian's gems", "var/lib/gems/3.1.0/cache/rake-13.1.0.gem", "/var/lib/gems/3.1.0/cache",
			"gem cache"},
		{"pnpm store as pnpm's Docker guide sets it", "pnpm/store/v3/files/00/abc", "/pnpm/store",
			"pnpm store"},
		{"Bun", "root/.bun/install/cache/react@18.2.0/index.js", "/root/.bun/install/cache",
			"Bun cache"},
		{"yarn 1 as root in a node image",
			"usr/local/share/.cache/yarn/v6/npm-lodash-4.17.21-6382451519-integrity/" +
				"node_modules/lodash/lodash.js", "/usr/local/share/.cache/yarn", "yarn cache"},
		{"yarn berry", "home/node/.yarn/berry/cache/lodash-npm-4.17.21-6382451519-eb835a2e51.zip",
			"/home/node/.yarn/berry/cache", "yarn cache"},
		{"Gradle's wrapper", "root/.gradle/wrapper/dists/gradle-8.6-bin/afr5/gradle-8.6-bin.zip",
			"/root/.gradle/wrapper/dists", "Gradle wrapper download"},
		{"Maven's wrapper", "root/.m2/wrapper/dists/apache-maven-3.9.6-bin/3311/x.zip",
			"/root/.m2/wrapper/dists", "Maven wrapper download"},
		{"the app's own gems", "app/vendor/cache/rails-7.1.3.gem", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := auditLayers(t, v1.Config{User: "65534", Cmd: []string{"app"}}, alpine(false),
				step("RUN install", zeros(tt.file, 70_000), file(tt.file+".meta", "{}")))

			got := of(fs, "package-cache")
			if tt.root == "" {
				if len(got) > 0 {
					t.Errorf("package-cache fired: %s", got[0].Message)
				}
				return
			}
			expectAt(t, fs, "package-cache", tt.root, 1, result.Medium, tt.tool+" left in")
			if len(got) != 1 || got[0].Bytes != 70_002 {
				t.Errorf("findings %s, want one of 70002 bytes", messagesOf(fs, "package-cache"))
			}
			if strings.Contains(got[0].Message, "  ") {
				t.Errorf("message %q has a gap", got[0].Message)
			}
		})
	}
}

// TestRealisticClonedTools installs version managers the way their guides
// say, by git clone, beside an application copied with its .git and a
// private library cloned into /opt. A version manager's clone is the
// tool's public history, not the application's; the others are reported.
func TestRealisticClonedTools(t *testing.T) {
	clone := func(root string) []ent {
		return []ent{file(root+"/.git/HEAD", "ref: refs/heads/master\n"),
			file(root+"/.git/config", "[remote \"origin\"]\n\turl = https://github.com/x/y\n"),
			zeros(root+"/.git/objects/pack/pack-0a1b.pack", 900_000),
			file(root+"/test/install.bats", "@test"), file(root+"/.github/workflows/ci.yml", "on:"),
			file(root+"/Dockerfile", "FROM ubuntu"), exe(root+"/bin/tool", "#!/bin/sh\n")}
	}
	var es []ent
	for _, root := range []string{"root/.pyenv", "usr/local/nvm", "opt/pyenv", "opt/acme-lib"} {
		es = append(es, clone(root)...)
	}
	es = append(es, clone("app")...)
	fs := auditLayers(t, v1.Config{User: "65534", Cmd: []string{"app"}, WorkingDir: "/app"},
		debianSlim(), step("RUN /bin/sh -c git clone … && curl -o- …/nvm/install.sh | bash", es...))

	expectChecks(t, fs, map[string]int{"setuid": 11, "healthcheck-missing": 1, "git-dir": 2,
		"build-leftover": 3})
	expectAt(t, fs, "git-dir", "/app/.git", 1, result.High)
	expectAt(t, fs, "git-dir", "/opt/acme-lib/.git", 1, result.High)
	for _, f := range of(fs, "build-leftover") {
		if strings.Contains(f.Message, "pyenv") || strings.Contains(f.Message, "nvm") {
			t.Errorf("a version manager's own files are reported: %s", f.Message)
		}
	}
}

// TestRealisticGitCredentials clones private code the quick way, with a
// token in the URL, which Git keeps in the clone's config, and points Go
// at private modules with a token in an insteadOf rule. Each config holds
// a live credential, wherever it lies; a URL that names a variable or has
// no password holds none.
func TestRealisticGitCredentials(t *testing.T) {
	const token = "ghp_Zq7fakefakefakefakefakefakefakefake"
	remote := func(url string) string {
		return "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = " + url +
			"\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
	}
	fs := auditLayers(t, v1.Config{User: "65534", Cmd: []string{"app"}}, alpine(false),
		step("RUN /bin/sh -c git clone https://oauth2:…@gitlab.com/acme/lib.git /opt/lib && …",
			file("opt/lib/.git/config", remote("https://oauth2:glpat-Zq7fakefake@gitlab.com/a/b")),
			file("root/.gitconfig", "[url \"https://"+token+"@github.com/\"]\n"+
				"\tinsteadOf = https://github.com/\n"),
			file("root/go/pkg/mod/cache/vcs/0a1b2c/config",
				remote("https://ci:Zq7fakefakepassword@git.acme.dev/x")),
			file("usr/src/app/.git/config", remote("https://github.com/acme/public.git")),
			file("srv/tool/.git/config", remote("https://ci:${GIT_TOKEN}@git.acme.dev/x"))))

	expectAt(t, fs, "secret-file", "/opt/lib/.git/config", 1, result.High, "Git URL")
	expectAt(t, fs, "secret-file", "/root/.gitconfig", 1, result.High, "Git URL")
	expectAt(t, fs, "secret-file", "/root/go/pkg/mod/cache/vcs/0a1b2c/config", 1, result.High)
	if n := len(of(fs, "secret-file")); n != 3 {
		t.Errorf("%d secret-file findings, want 3:\n%s", n, messagesOf(fs, "secret-file"))
	}
	for _, s := range []string{token[4:], "Zq7fakefake"} {
		noneSay(t, fs, s)
	}
}
