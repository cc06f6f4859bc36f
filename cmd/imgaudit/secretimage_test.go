package main_test

import (
	"path/filepath"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/imgaudit/imgaudit/pkg/diff/difftest"
)

// planted are secret values an image carries in every place imgaudit looks,
// keyed by where. They are random letters that a hex digest never holds
// and that spell no word, so that no digest or message in a report matches
// a piece of one by chance.
var planted = map[string]string{
	"env":            "GpLjkUmJXjStilNMkvlVNjWnuXjW",
	"env password":   "XLjuiVoyMpUnWzVrmXWsJmVkWjZt",
	"buildkit arg":   "ghp_OVPOSXsrSQZrmOzplUiYLOZqZgTkjisvYhPG",
	"build arg":      "npm_lwTJqIuUUSHuZsvLusTRIhhxQwsYIOIJlumu",
	".env":           "RMikVWGHIYRXPklxQkjzWOyKIhPI",
	"private key":    "qZnRjtyovLLRlqOLVxoNVxMIKupl",
	".npmrc":         "rpuugRXrwygpMUJZWGoSZjPVLLLL",
	"deleted secret": "mQLjsktOqnHYjmgWpUmJZhktZKpw",
	"git creds":      "IYJQnnRPQQzlpmHwQqThtTJpUhTz",
	"cmd flag":       "WqKzNvLpXrTbYmHsJdGfQcVwUe",
	"healthcheck":    "ZtRqPmWnXvLkJhGfDsYbNcVuQe",
	"label":          "HbVnMqWzXpLrTkJyGsDfQcUwNe",
}

// pinnedTime is the time of every file and history entry.
var pinnedTime = difftest.Pinned

// layerOf makes a layer of files, path to content; an empty content with
// a ".wh." name is a whiteout.
func layerOf(t *testing.T, files ...[2]string) v1.Layer {
	t.Helper()
	fs := make([]difftest.File, len(files))
	for i, f := range files {
		fs[i] = difftest.File{Path: f[0], Body: f[1]}
	}
	return difftest.Layer(t, fs...)
}

// secretImage writes an image carrying every planted secret as a docker
// save tarball and returns its path.
func secretImage(t *testing.T) string {
	t.Helper()
	key := "-----BEGIN OPENSSH PRIVATE KEY-----\n" + planted["private key"] +
		"\n-----END OPENSSH PRIVATE KEY-----\n"
	steps := []struct {
		createdBy string
		layer     v1.Layer
	}{
		{"ADD rootfs.tar /", layerOf(t, [2]string{"etc/passwd", "root:x:0:0::/root:/bin/sh\n"})},
		{"|1 NPM_TOKEN=" + planted["build arg"] + " /bin/sh -c npm ci", layerOf(t,
			[2]string{"root/.npmrc", "//registry.npmjs.org/:_authToken=" + planted[".npmrc"] + "\n"},
			[2]string{"root/.ssh/id_ed25519", key},
			[2]string{"root/.git-credentials",
				"https://ci:" + planted["git creds"] + "@github.com\n"})},
		{"RUN |1 GITHUB_TOKEN=" + planted["buildkit arg"] + " /bin/sh -c make # buildkit",
			layerOf(t, [2]string{"app/server", "binary"})},
		{"COPY . /app", layerOf(t,
			[2]string{"app/.env", "STRIPE_SECRET_KEY=" + planted[".env"] + "\n"},
			[2]string{"app/deploy.env", "DEPLOY_TOKEN=" + planted["deleted secret"] + "\n"},
			[2]string{"app/.env.deploy", "DEPLOY_TOKEN=" + planted["deleted secret"] + "\n"})},
		{"RUN rm /app/.env.deploy", layerOf(t, [2]string{"app/.wh..env.deploy", ""})},
	}

	img := empty.Image
	for _, s := range steps {
		var err error
		img, err = mutate.Append(img, mutate.Addendum{Layer: s.layer,
			History: v1.History{CreatedBy: s.createdBy, Created: v1.Time{Time: pinnedTime}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	img, err := mutate.Config(img, v1.Config{
		Env: []string{"PATH=/usr/bin", "API_TOKEN=" + planted["env"],
			"DB_PASSWORD=" + planted["env password"]},
		Cmd: []string{"/app/server", "--db-password=" + planted["cmd flag"]},
		Healthcheck: &v1.HealthConfig{Test: []string{"CMD", "curl", "-H",
			"X-Api-Key", "--user", "probe", "--password", planted["healthcheck"]}},
		Labels: map[string]string{"com.example.deploy-token": planted["label"],
			"org.opencontainers.image.authors": "imgaudit tests"},
	})
	if err != nil {
		t.Fatal(err)
	}

	p := filepath.Join(t.TempDir(), "secrets.tar")
	tag, err := name.NewTag("imgaudit-test/secrets:1")
	if err != nil {
		t.Fatal(err)
	}
	if err := tarball.WriteToFile(p, tag, img); err != nil {
		t.Fatal(err)
	}
	return p
}
