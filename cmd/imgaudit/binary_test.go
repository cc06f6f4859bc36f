package main_test

import (
	"path/filepath"
	"testing"
	"time"
)

// TestBinaryExitCodes runs the built program, since main's own handling of
// the signal context decides the exit code and no in-process test sees it.
func TestBinaryExitCodes(t *testing.T) {
	bin := buildTool(t, ".")
	demo, err := filepath.Abs(filepath.Join("..", "..", "testdata", "demo.tar"))
	if err != nil {
		t.Fatal(err)
	}
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
			o := runIsolated(t, time.Minute, nil, bin, tt.args...)
			if o.code != tt.want {
				t.Errorf("exit code = %d, want %d; stderr: %s", o.code, tt.want, o.stderr)
			}
			if tt.want == 2 && len(o.stderrLines()) != 1 {
				t.Errorf("stderr has %d lines, want one:\n%s", len(o.stderrLines()), o.stderr)
			}
		})
	}
}
