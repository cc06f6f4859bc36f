package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/imgaudit/imgaudit/pkg/result"
)

const demo = "../../testdata/demo.tar"

// run runs the command as main would and returns stdout, stderr and the
// exit code.
func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := newRootCmd(&streams{Out: &out, ErrOut: &errOut})
	cmd.SetArgs(args)
	ctx := context.Background()
	err := cmd.ExecuteContext(ctx)
	return out.String(), errOut.String(), exitCode(ctx, err)
}

func TestDemoJSON(t *testing.T) {
	stdout, stderr, code := run(t, "--format", "json", demo)
	if code != exitGate {
		t.Fatalf("exit code = %d, want %d (high findings); stderr: %s", code, exitGate, stderr)
	}
	var res result.Result
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("stdout is not one JSON object: %v", err)
	}
	if res.Image.Source != "docker-archive" || !strings.HasPrefix(res.Image.ImageID, "sha256:") {
		t.Errorf("image = %+v, want a docker-archive with an image ID", res.Image)
	}
	if len(res.Layers) != 4 {
		t.Errorf("layers = %d, want the 4 the demo is built from", len(res.Layers))
	}

	want := map[string]string{ // check → path; "" for config findings
		"user-root":           "",
		"healthcheck-missing": "",
		"package-cache":       "/var/lib/apt/lists",
		"compiler":            "/usr/bin/gcc",
		"env-file":            "/srv/app/.env",
		"git-dir":             "/srv/app/.git",
	}
	for _, f := range res.Findings {
		if p, ok := want[f.Check]; ok && p == f.Path {
			delete(want, f.Check)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing findings %v in %s", want, stdout)
	}
	if strings.Contains(stdout, "placeholder-not-real") {
		t.Error("the report prints the .env file's value")
	}
}

func TestFailOn(t *testing.T) {
	tests := []struct {
		name   string
		failOn string
		want   int
	}{
		{"default high", "", exitGate},
		{"none turns the gate off", "none", exitOK},
		{"info", "info", exitGate},
		{"not a severity", "urgent", exitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"--format", "json", demo}
			if tt.failOn != "" {
				args = append([]string{"--fail-on", tt.failOn}, args...)
			}
			if _, stderr, code := run(t, args...); code != tt.want {
				t.Errorf("exit code = %d, want %d; stderr: %s", code, tt.want, stderr)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"no image", nil},
		{"two images, one-report format", []string{"--format", "json", demo, demo}},
		{"unknown flag", []string{"--frobnicate", demo}},
		{"unknown format", []string{"--format", "yaml", demo}},
		{"missing file", []string{"docker-archive:/nonexistent/image.tar"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, _, code := run(t, tt.args...)
			if code != exitError {
				t.Errorf("exit code = %d, want %d", code, exitError)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing on an error", stdout)
			}
		})
	}
}

func TestTablePlainInPipe(t *testing.T) {
	stdout, _, _ := run(t, demo)
	for _, want := range []string{"docker-archive", "user-root", "/srv/app/.env", "Layers (4)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table report lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "\x1b[") || strings.Contains(stdout, "│") {
		t.Errorf("report in a pipe has colour or box drawing:\n%s", stdout)
	}
}

func TestExitCode(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want int
	}{
		{"ok", context.Background(), nil, exitOK},
		{"gate", context.Background(), errGate, exitGate},
		{"wrapped gate", context.Background(), errors.Join(errors.New("x"), errGate), exitGate},
		{"error", context.Background(), errors.New("boom"), exitError},
		{"interrupted", cancelled, context.Canceled, exitInterrupted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exitCode(tt.ctx, tt.err); got != tt.want {
				t.Errorf("exitCode = %d, want %d", got, tt.want)
			}
		})
	}
}
