package main_test

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinaryExitCodes runs the built program, since main's own handling of
// the signal context decides the exit code and no in-process test sees it.
func TestBinaryExitCodes(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "imgaudit")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("building imgaudit: %v\n%s", err, out)
	}
	demo := filepath.Join("..", "..", "testdata", "demo.tar")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"findings at the threshold", []string{demo}, 1},
		{"gate off", []string{"--fail-on", "none", demo}, 0},
		{"missing file", []string{"/nonexistent/image.tar"}, 2},
		{"usage", nil, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.want {
				t.Errorf("exit code = %d, want %d; stderr: %s", code, tt.want, stderr.String())
			}
			if tt.want == 2 && strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 {
				t.Errorf("stderr has more than one line:\n%s", stderr.String())
			}
		})
	}
}
