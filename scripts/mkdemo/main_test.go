package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestShippedDemoIsReproducible guards testdata/demo.tar against drifting
// from the code that makes it.
func TestShippedDemoIsReproducible(t *testing.T) {
	out := filepath.Join(t.TempDir(), "demo.tar")
	if err := write(out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := os.ReadFile("../../testdata/demo.tar")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, shipped) {
		t.Fatal("testdata/demo.tar differs from what mkdemo writes; " +
			"run go run ./scripts/mkdemo testdata/demo.tar and commit it")
	}
}
