package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestCacheDirFlag(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"one image", []string{"--format", "json", demo}, exitGate},
		{"many images", []string{"--format", "jsonl", "--fail-on", "none", demo, demo}, exitOK},
		{"diff", []string{"diff", "--format", "json", demo, demo}, exitOK},
		{"baseline", []string{"baseline", demo}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "layers")
			args := append(slices.Clone(tt.args), "--cache-dir", dir)

			want, stderr, code := run(t, tt.args...)
			if code != tt.code {
				t.Fatalf("without a cache: exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			for i := range 2 {
				got, stderr, code := run(t, args...)
				if code != tt.code || got != want {
					t.Errorf("run %d with a cache: exit %d, want %d; report differs: %t; %s",
						i, code, tt.code, got != want, stderr)
				}
			}

			files, err := os.ReadDir(dir)
			if err != nil || len(files) == 0 {
				t.Fatalf("cache folder holds %v (%v), want the layers' files", files, err)
			}
			for _, f := range files {
				if !strings.HasSuffix(f.Name(), ".gob") {
					t.Errorf("cache folder holds %q", f.Name())
				}
			}
			if around, _ := os.ReadDir(parent); len(around) != 1 {
				t.Errorf("the folder around the cache holds %d names, want 1", len(around))
			}
		})
	}
}

func TestCacheDirUnusable(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}

	// Without --cache-dir these exit 0: the gate is off.
	for _, args := range [][]string{
		{"--fail-on", "none", demo},
		{"--fail-on", "none", "--format", "jsonl", demo, demo},
	} {
		if _, stderr, code := run(t, args...); code != exitOK {
			t.Fatalf("%q: exit %d, want %d; stderr: %s", args, code, exitOK, stderr)
		}
		args = append([]string{"--cache-dir", notDir}, args...)
		if _, _, code := run(t, args...); code != exitError {
			t.Errorf("%q: exit %d, want %d", args, code, exitError)
		}
	}
}
