package check

import (
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// sitePackages is where python:3.12-slim installs what pip installs.
const sitePackages = "usr/local/lib/python3.12/site-packages/"

// pythonApp is a Django-style service on python:3.12-slim: pip installs
// the requirements as root (leaving its cache), a user is added, and the
// build context is copied whole into /app.
func pythonApp() []lay {
	return []lay{
		debianSlim(),
		step("RUN /bin/sh -c set -eux; ./configure …; make install # buildkit",
			withMode(zeros("usr/local/bin/python3.12", 14_000), 0o755),
			symlink("usr/local/bin/python3", "python3.12"),
			symlink("usr/local/bin/python", "python3"),
			zeros("usr/local/lib/libpython3.12.so.1.0", 4_000_000),
			file("usr/local/lib/python3.12/os.py", "import abc\n"),
			zeros("usr/local/lib/python3.12/__pycache__/os.cpython-312.pyc", 40_000),
			file(sitePackages+"pip/__init__.py", "__version__ = '24.0'\n"),
			zeros(sitePackages+"pip/__pycache__/__init__.cpython-312.pyc", 600)),
		step("RUN /bin/sh -c useradd --create-home --uid 10001 app # buildkit",
			file("etc/passwd", debianPasswd+"app:x:10001:10001::/home/app:/bin/sh\n"),
			file("etc/group", debianGroup+"app:x:10001:\n"),
			owned(dir("home/app"), 10001)),
		step("COPY requirements.txt . # buildkit", file("app/requirements.txt", "Django==5.0\n")),
		step("RUN /bin/sh -c pip install -r requirements.txt # buildkit",
			file(sitePackages+"django/__init__.py", "VERSION = (5, 0)\n"),
			zeros(sitePackages+"django/__pycache__/__init__.cpython-312.pyc", 900),
			file(sitePackages+"environ/.env.example", "DEBUG=on\nSECRET_KEY=changeme\n"),
			file(sitePackages+"environ/tests/test_env.py", "def test(): pass\n"),
			file(sitePackages+"environ/tests/.env", "DATABASE_URL=sqlite:///:memory:\n"),
			file(sitePackages+"tornado/test/test.key", pemKey),
			zeros("root/.cache/pip/http-v2/a/1/f/3/c/a1f3c0e9.body", 3_000_000),
			file("root/.cache/pip/http-v2/a/1/f/3/c/a1f3c0e9", "cache-control"),
			file("root/.cache/pip/selfcheck/4f0e.json", "{}")),
		step("COPY . . # buildkit",
			file("app/manage.py", "import django\n"),
			file("app/shop/__init__.py", ""),
			zeros("app/shop/__pycache__/__init__.cpython-312.pyc", 200),
			file("app/tests/test_views.py", "def test(): pass\n"),
			zeros("app/tests/__pycache__/test_views.cpython-312-pytest-8.0.pyc", 900),
			file("app/.pytest_cache/v/cache/nodeids", "[]"),
			file("app/.env.example", "SECRET_KEY=\nDATABASE_URL=\n"),
			file("app/Dockerfile", "FROM python:3.12-slim\n")),
	}
}

func TestRealisticPythonApp(t *testing.T) {
	cfg := v1.Config{User: "app", WorkingDir: "/app", Cmd: []string{"gunicorn", "shop.wsgi"},
		Env: []string{"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8",
			"GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305", "PYTHON_VERSION=3.12.2",
			"PIP_DISABLE_PIP_VERSION_CHECK=1", "DJANGO_SECRET_KEY_FILE=/run/secrets/django"},
		Healthcheck:  &v1.HealthConfig{Test: []string{"CMD", "python", "manage.py", "check"}},
		ExposedPorts: map[string]struct{}{"8000/tcp": {}}}
	fs := auditLayers(t, cfg, pythonApp()...)

	expectChecks(t, fs, map[string]int{"setuid": 11, "package-cache": 1, "env-file": 3,
		"secret-file": 1, "build-leftover": 4})
	expectAt(t, fs, "package-cache", "/root/.cache/pip", 4, result.Medium,
		"pip cache", "--no-cache-dir")
	if f := byPath(fs, "package-cache", "/root/.cache/pip"); f != nil && f.Bytes != 3_000_015 {
		t.Errorf("pip cache bytes = %d, want 3000015", f.Bytes)
	}
	expectAt(t, fs, "env-file", "/"+sitePackages+"environ/.env.example", 4, result.Low)
	expectAt(t, fs, "env-file", "/"+sitePackages+"environ/tests/.env", 4, result.Low,
		"came with a dependency")
	expectAt(t, fs, "env-file", "/app/.env.example", 5, result.Low, "template")
	expectAt(t, fs, "secret-file", "/"+sitePackages+"tornado/test/test.key", 4, result.Low)
	expectAt(t, fs, "build-leftover", "/app/tests", 5, result.Low, "test folder")
	expectAt(t, fs, "build-leftover", "/app/shop/__pycache__", 5, result.Low, "bytecode")
	expectAt(t, fs, "build-leftover", "/app/.pytest_cache", 5, result.Low)
	expectAt(t, fs, "build-leftover", "/app/Dockerfile", 5, result.Low)
}

// nodeApp is a service on node:20-bookworm-slim, installed with npm ci as
// the node user into /home/node/app; npmrc is the .npmrc copied in.
func nodeApp(npmrc string) []lay {
	nm := "home/node/app/node_modules/"
	return []lay{
		debianSlim(),
		step("RUN /bin/sh -c groupadd --gid 1000 node && useradd --uid 1000 --gid node node",
			file("etc/passwd", debianPasswd+"node:x:1000:1000::/home/node:/bin/bash\n"),
			file("etc/group", debianGroup+"node:x:1000:\n"), owned(dir("home/node"), 1000)),
		step("RUN /bin/sh -c ARCH= … tar -xJf node-v20.11.1-linux-x64.tar.xz -C /usr/local",
			withMode(zeros("usr/local/bin/node", 6_000_000), 0o755),
			symlink("usr/local/bin/npm", "../lib/node_modules/npm/bin/npm-cli.js"),
			exe("usr/local/lib/node_modules/npm/bin/npm-cli.js", "#!/usr/bin/env node\n"),
			file("usr/local/lib/node_modules/npm/node_modules/debug/test/index.js", "x"),
			file("usr/local/include/node/node.h", "#pragma once\n")),
		step("RUN /bin/sh -c … tar -xzf yarn-v1.22.19.tar.gz -C /opt/",
			exe("opt/yarn-v1.22.19/bin/yarn", "#!/bin/sh\n"),
			file("opt/yarn-v1.22.19/lib/cli.js", "module.exports = {}\n"),
			file("opt/yarn-v1.22.19/LICENSE", "BSD"),
			symlink("usr/local/bin/yarn", "/opt/yarn-v1.22.19/bin/yarn")),
		step("COPY --chown=node:node package*.json .npmrc ./ # buildkit",
			owned(file("home/node/app/package.json", "{}"), 1000),
			owned(file("home/node/app/package-lock.json", "{}"), 1000),
			owned(file("home/node/app/.npmrc", npmrc), 1000)),
		step("RUN /bin/sh -c npm ci --omit=dev # buildkit",
			owned(file(nm+".package-lock.json", "{}"), 1000),
			owned(file(nm+"dotenv/package.json", "{}"), 1000),
			owned(file(nm+"mailer-kit/.env", "SMTP_HOST=localhost\n"), 1000),
			owned(file(nm+"mailer-kit/.env.example", "SMTP_HOST=\n"), 1000),
			owned(file(nm+"mailer-kit/test/send.test.js", "x"), 1000),
			owned(file(nm+"mailer-kit/.github/workflows/ci.yml", "on: push"), 1000),
			owned(zeros("home/node/.npm/_cacache/content-v2/sha512/ab/cd/ef01", 2_000_000), 1000),
			owned(file("home/node/.npm/_cacache/index-v5/12/34/5678", "{}"), 1000),
			owned(file("home/node/.npm/_logs/2024-01-02T03_04_05_678Z-debug-0.log", "0 verbose"),
				1000),
			owned(file("home/node/.npm/_update-notifier-last-checked", ""), 1000)),
		step("COPY --chown=node:node . . # buildkit",
			owned(file("home/node/app/server.js", "require('dotenv').config()\n"), 1000)),
	}
}

func TestRealisticNodeApp(t *testing.T) {
	cfg := v1.Config{User: "node", WorkingDir: "/home/node/app",
		Entrypoint: []string{"docker-entrypoint.sh"}, Cmd: []string{"node", "server.js"},
		Env:          []string{"NODE_VERSION=20.11.1", "YARN_VERSION=1.22.19", "NODE_ENV=production"},
		ExposedPorts: map[string]struct{}{"3000/tcp": {}}}
	tests := []struct {
		name, npmrc string
		secret      bool
	}{
		{"token from the environment", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n", false},
		{"token written in", "@acme:registry=https://npm.pkg.github.com\n" +
			"//registry.npmjs.org/:_authToken=" + npmToken + "\n", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := auditLayers(t, cfg, nodeApp(tt.npmrc)...)

			want := map[string]int{"setuid": 11, "healthcheck-missing": 1, "package-cache": 1,
				"env-file": 2}
			if tt.secret {
				want["secret-file"] = 1
				expectAt(t, fs, "secret-file", "/home/node/app/.npmrc", 4, result.High,
					"npm registry token")
			}
			expectChecks(t, fs, want)
			expectAt(t, fs, "package-cache", "/home/node/.npm/_cacache", 5, result.Medium,
				"npm cache")
			expectAt(t, fs, "env-file", "/home/node/app/node_modules/mailer-kit/.env", 5,
				result.Low, "came with a dependency")
			noneSay(t, fs, npmToken[4:])
		})
	}
}

// TestRealisticSecretsInRunCommands writes credentials into RUN commands as
// builds do when they skip build secrets. Findings in those layers carry
// the command: it must show no credential, whatever its form.
func TestRealisticSecretsInRunCommands(t *testing.T) {
	const (
		pipPassword = "Zq7pipfakepassword"
		glToken     = "glpat-Zq7fakefakefakefake1"
		bearer      = "Zq7bearerfakefakefake"
	)
	tests := []struct {
		name, secret, run string
		ls                []lay
		layer             int
	}{
		{"token echoed into .npmrc", npmToken[4:],
			`RUN /bin/sh -c echo "//registry.npmjs.org/:_authToken=` + npmToken +
				`" > .npmrc && npm ci --omit=dev && rm -f .npmrc # buildkit`,
			nodeApp(""), 5},
		{"npm config set", npmToken[4:],
			"RUN /bin/sh -c npm config set //registry.npmjs.org/:_authToken " + npmToken +
				" && npm ci # buildkit", nodeApp(""), 5},
		{"password in pip's index URL", pipPassword,
			"RUN /bin/sh -c pip install --index-url https://ci:" + pipPassword +
				"@pypi.example.com/simple -r requirements.txt # buildkit", pythonApp(), 4},
		{"token in a clone URL", glToken[6:],
			"/bin/sh -c git clone https://oauth2:" + glToken + "@gitlab.com/acme/lib.git && " +
				"pip install ./lib", pythonApp(), 4},
		{"bearer header", bearer,
			`/bin/sh -c curl -fsSL -H "Authorization: Bearer ` + bearer + `" https://x/get.sh | ` +
				"sh && pip install -r requirements.txt", pythonApp(), 4},
		{"variable set for one command", bearer,
			"/bin/sh -c PIP_INDEX_PASSWORD=" + bearer + " pip install -r requirements.txt",
			pythonApp(), 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.ls[tt.layer].createdBy = tt.run
			fs := auditLayers(t, v1.Config{User: "1000"}, tt.ls...)

			inLayer := 0
			for _, f := range fs {
				if f.Layer != nil && *f.Layer == tt.layer {
					inLayer++
				}
			}
			if inLayer == 0 {
				t.Fatalf("no finding in layer %d to show its command", tt.layer)
			}
			noneSay(t, fs, tt.secret)
		})
	}
}
