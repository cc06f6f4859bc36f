package check

import (
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// TestRealisticSecretsHiddenLater hides secrets from the running
// filesystem the ways builds try to: deleting them, or writing a harmless
// file over them. The layer that added the secret ships it either way.
func TestRealisticSecretsHiddenLater(t *testing.T) {
	const safeNpmrc = "registry=https://registry.npmjs.org/\n"
	app := "home/node/app/"
	ls := nodeApp("//registry.npmjs.org/:_authToken=" + npmToken + "\n")
	ls[5].createdBy = "RUN /bin/sh -c npm ci && printf 'registry=…' > .npmrc # buildkit"
	ls[5].entries = append(ls[5].entries, owned(file(app+".npmrc", safeNpmrc), 1000))
	ls = append(ls,
		step("COPY deploy_key /root/.ssh/id_ed25519 # buildkit",
			file("root/.ssh/id_ed25519", sshKey)),
		step("RUN /bin/sh -c chmod 600 /root/.ssh/id_ed25519 # buildkit",
			withMode(file("root/.ssh/id_ed25519", sshKey), 0o600)),
		step("COPY . /home/node/app # buildkit", file(app+".git/HEAD", "ref: refs/heads/main\n"),
			zeros(app+".git/objects/pack/pack-1.pack", 300_000),
			zeros(app+".git/objects/pack/pack-1.idx", 20_000), file(app+".env", "DB_PASSWORD=x")),
		step("RUN /bin/sh -c rm -rf .git .env # buildkit", whiteout(app+".git"),
			whiteout(app+".env")))
	fs := auditLayers(t, v1.Config{User: "node", Cmd: []string{"node", "server.js"}}, ls...)

	expectChecks(t, fs, map[string]int{"setuid": 11, "healthcheck-missing": 1, "package-cache": 1,
		"env-file": 2, "secret-file": 1, "secret-deleted": 3})
	expectAt(t, fs, "secret-deleted", "/"+app+".npmrc", 4, result.High,
		"npm registry token", "overwritten by layer 5")
	expectAt(t, fs, "secret-file", "/root/.ssh/id_ed25519", 8, result.High)
	expectAt(t, fs, "secret-deleted", "/"+app+".git", 9, result.High, "deleted by layer 10")
	expectAt(t, fs, "secret-deleted", "/"+app+".env", 9, result.High, "deleted by layer 10")
	if f := byPath(fs, "secret-deleted", "/"+app+".git"); f != nil &&
		f.Bytes != 300_000+20_000+int64(len("ref: refs/heads/main\n")) {
		t.Errorf("the deleted .git counts %d bytes, not all its files", f.Bytes)
	}
	noneSay(t, fs, npmToken[4:])
}

// TestRealisticGitTouchedLater copies a repository with its history, and a
// later RUN runs git, which rewrites the index and so writes the .git
// folder again in its layer. The history ships in the COPY layer, and the
// finding says so, with the bytes of the whole folder.
func TestRealisticGitTouchedLater(t *testing.T) {
	fs := auditLayers(t, v1.Config{User: "65534", Cmd: []string{"/app/server"}}, alpine(false),
		step("COPY . /app # buildkit", dir("app"), dir("app/.git"),
			file("app/.git/HEAD", "ref: refs/heads/main\n"),
			zeros("app/.git/objects/pack/pack-1.pack", 2_000_000), zeros("app/.git/index", 9_000),
			exe("app/server", "ELF")),
		step("RUN /bin/sh -c git describe --always --dirty > /app/VERSION # buildkit",
			dir("app"), dir("app/.git"), zeros("app/.git/index", 9_000),
			file("app/VERSION", "a1b2c3d\n")))

	expectAt(t, fs, "git-dir", "/app/.git", 1, result.High, "add .git to .dockerignore")
	if f := byPath(fs, "git-dir", "/app/.git"); f != nil && f.Bytes != 2_000_000+9_000+21 {
		t.Errorf("git-dir counts %d bytes, want the whole folder's", f.Bytes)
	}
}

// TestRealisticTestsRunInImage copies a project with its tests, then runs
// them in a later RUN, which writes bytecode into the tests folder and so
// the folder again. The tests came with the COPY.
func TestRealisticTestsRunInImage(t *testing.T) {
	fs := auditLayers(t, v1.Config{User: "65534", WorkingDir: "/app", Cmd: []string{"app"}},
		alpine(false),
		step("COPY . . # buildkit", dir("app/tests"), zeros("app/tests/test_api.py", 40_000),
			zeros("app/tests/fixtures.json", 90_000), file("app/main.py", "x")),
		step("RUN /bin/sh -c python -m pytest -q # buildkit", dir("app/tests"),
			zeros("app/tests/__pycache__/test_api.cpython-312-pytest-8.0.pyc", 9_000)))

	expectAt(t, fs, "build-leftover", "/app/tests", 1, result.Low, "test folder", "1: /app/tests")
}
