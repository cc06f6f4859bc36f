package main_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// buildTool builds the main package in dir (relative to this one) into a
// temporary folder and returns the binary's path.
func buildTool(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), filepath.Base(filepath.Clean(dir)))
	if dir == "." {
		bin = filepath.Join(filepath.Dir(bin), "imgaudit")
	}
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", dir, err, out)
	}
	return bin
}

// outcome is what one run of a binary did.
type outcome struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

// stderrLines is stderr split into lines, without the final newline.
func (o outcome) stderrLines() []string {
	s := strings.TrimRight(o.stderr, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// runIsolated runs bin with args in a fresh working folder and a fresh
// TMPDIR, within limit, and fails the test when either folder is not
// empty afterwards or the run panicked. env adds variables.
func runIsolated(t *testing.T, limit time.Duration, env []string, bin string,
	args ...string) outcome {
	t.Helper()
	work, tmp := t.TempDir(), t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	defer cancel()

	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = work
	cmd.Env = append(os.Environ(), append([]string{"TMPDIR=" + tmp}, env...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr

	start := time.Now()
	err := cmd.Run()
	o := outcome{stdout: stdout.String(), stderr: stderr.String(), took: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("imgaudit %s did not finish within %v; stderr:\n%s",
			strings.Join(args, " "), limit, &stderr)
	case errors.As(err, &exit):
		o.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("running imgaudit: %v", err)
	}

	if strings.Contains(o.stderr, "panic:") || strings.Contains(o.stderr, "goroutine ") {
		t.Errorf("imgaudit %s panicked:\n%s", strings.Join(args, " "), o.stderr)
	}
	assertEmpty(t, "TMPDIR", tmp)
	assertEmpty(t, "the working folder", work)
	return o
}

// assertEmpty fails the test when dir holds anything.
func assertEmpty(t *testing.T, what, dir string) {
	t.Helper()
	left, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("%s holds %s after the run", what, e.Name())
	}
}
