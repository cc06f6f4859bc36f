package main_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGateEndToEnd runs imgaudit as a pipeline would: the HTML report in a
// real browser, and a registry that wants credentials.
func TestGateEndToEnd(t *testing.T) {
	env := setupE2E(t)

	t.Run("html report in chromium", func(t *testing.T) {
		testHTMLInChromium(t, env)
	})
	t.Run("registry with basic auth", func(t *testing.T) {
		testRegistryAuth(t, env)
	})
}

// chromiumFlags run a headless browser that talks to nothing but the page.
var chromiumFlags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--hide-scrollbars", "--window-size=1200,1800", "--enable-logging=stderr", "--v=0",
}

func testHTMLInChromium(t *testing.T, env e2eEnv) {
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is missing: scripts/testenv up installs it")
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	runIn(t, env, dir, nil, 1, "--format", "html", "--output", page,
		filepath.Join(env.dir, "naive.tar"))

	// The page's script marks the body once it has run.
	dom, log := chromium(t, browser, dir, "--dump-dom", "file://"+page)
	if !strings.Contains(dom, `data-script="ran"`) {
		t.Errorf("the page's script did not run; browser log:\n%s", log)
	}
	for _, bad := range []string{"Uncaught", "Refused to", ":CONSOLE"} {
		if strings.Contains(log, bad) {
			t.Errorf("the browser reports %q:\n%s", bad, log)
		}
	}
	if !strings.Contains(dom, "gate failed at high") || !strings.Contains(dom, "/app/.env") {
		t.Error("the rendered page lacks the verdict or the .env finding")
	}

	shot := filepath.Join(dir, "report.png")
	chromium(t, browser, dir, "--screenshot="+shot, "file://"+page)
	png, err := os.ReadFile(shot)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 10_000 {
		t.Errorf("no screenshot of the page: %v, %d bytes", err, len(png))
	}
}

// chromium runs the browser with a fresh profile and returns its stdout and
// its log.
func chromium(t *testing.T, browser, dir string, args ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	profile, err := os.MkdirTemp(dir, "profile-")
	if err != nil {
		t.Fatal(err)
	}
	flags := append(append(chromiumFlags, "--user-data-dir="+profile), args...)
	cmd := exec.CommandContext(ctx, browser, flags...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, &stderr)
	}
	return stdout.String(), stderr.String()
}

func testRegistryAuth(t *testing.T, env e2eEnv) {
	registry := os.Getenv("IMGAUDIT_AUTH_REGISTRY")
	goodConfig := os.Getenv("IMGAUDIT_AUTH_DOCKER_CONFIG")
	if registry == "" || goodConfig == "" {
		t.Fatal("IMGAUDIT_E2E is set but IMGAUDIT_AUTH_REGISTRY or IMGAUDIT_AUTH_DOCKER_CONFIG " +
			"is not: source the env file scripts/testenv wrote")
	}
	password := configPassword(t, goodConfig, registry)
	image := "registry:" + registry + "/imgaudit-test/naive:1"
	wrongConfig := dockerConfig(t, registry, "imgaudit-e2e:not-the-password")
	noConfig := dockerConfig(t, "", "")

	t.Run("right credentials", func(t *testing.T) {
		dir := t.TempDir()
		envs := []string{"DOCKER_CONFIG=" + goodConfig}
		stdout, stderr := runIn(t, env, dir, envs, 1, "--format", "junit",
			"--output", "imgaudit.xml", image)
		if stdout != "" || !strings.Contains(stderr, "gate failed at high") {
			t.Errorf("stdout %q, stderr %q; want only the summary on stderr", stdout, stderr)
		}
		data, err := os.ReadFile(filepath.Join(dir, "imgaudit.xml"))
		var doc struct {
			Failures int `xml:"failures,attr"`
		}
		if err != nil || xml.Unmarshal(data, &doc) != nil || doc.Failures == 0 {
			t.Errorf("the JUnit report does not read back with failures: %v", err)
		}
		if strings.Contains(string(data)+stderr, password) {
			t.Error("the password shows in the output")
		}

		// A pipeline that accepts today's findings passes until one is added.
		base, _ := runIn(t, env, dir, envs, 0, "baseline", image)
		if err := os.WriteFile(filepath.Join(dir, "base.json"), []byte(base), 0o644); err != nil {
			t.Fatal(err)
		}
		runIn(t, env, dir, envs, 0, "--format", "json", "--baseline", "base.json", image)
	})

	for _, tt := range []struct{ name, config string }{
		{"wrong password", wrongConfig},
		{"no credentials", noConfig},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr := runIn(t, env, t.TempDir(), []string{"DOCKER_CONFIG=" + tt.config}, 2,
				"--format", "json", image)
			lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
			if stdout != "" || len(lines) != 1 {
				t.Errorf("stdout %q, stderr %q; want no report and one line", stdout, stderr)
			}
			for _, want := range []string{"registry " + registry + " refused access", "HTTP 401",
				"DOCKER_CONFIG"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr %q lacks %q", stderr, want)
				}
			}
			if strings.Contains(stderr, "not-the-password") || strings.Contains(stderr, password) {
				t.Error("the message shows a password")
			}
		})
	}
}

// configPassword reads the password that a Docker config folder holds for
// registry, so that the test can check no output shows it.
func configPassword(t *testing.T, dir, registry string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Auths map[string]struct{ Auth string } `json:"auths"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatalf("reading the Docker config: %v", err)
	}
	raw, err := base64.StdEncoding.DecodeString(cfg.Auths[registry].Auth)
	_, password, ok := strings.Cut(string(raw), ":")
	if err != nil || !ok || password == "" {
		t.Fatalf("the Docker config has no credentials for %s", registry)
	}
	return password
}

// dockerConfig writes a Docker config folder with userPass for registry, or
// with no credentials at all when registry is empty.
func dockerConfig(t *testing.T, registry, userPass string) string {
	t.Helper()
	cfg := map[string]any{"auths": map[string]any{}}
	if registry != "" {
		auth := base64.StdEncoding.EncodeToString([]byte(userPass))
		cfg["auths"] = map[string]any{registry: map[string]string{"auth": auth}}
	}
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runIn runs imgaudit in dir with extra environment variables, fails the
// test unless it exits with wantExit, and returns stdout and stderr.
func runIn(t *testing.T, env e2eEnv, dir string, envs []string, wantExit int,
	args ...string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	cmd := exec.CommandContext(ctx, env.bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), envs...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()

	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("running imgaudit %s: %v", strings.Join(args, " "), err)
	}
	if code != wantExit {
		t.Errorf("imgaudit %s: exit %d, want %d; stderr:\n%s",
			strings.Join(args, " "), code, wantExit, &stderr)
	}
	return stdout.String(), stderr.String()
}
