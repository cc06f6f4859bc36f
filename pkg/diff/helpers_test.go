package diff

import (
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/diff/change"
	"github.com/imgaudit/imgaudit/pkg/diff/difftest"
)

// f is short for a test file.
func f(path, body string) difftest.File { return difftest.File{Path: path, Body: body} }

// compareRefs compares two written images and fails the test on error.
func compareRefs(t *testing.T, oldRef, newRef string, opts Options) *change.Report {
	t.Helper()

	rep, err := References(t.Context(), oldRef, newRef, opts)
	if err != nil {
		t.Fatalf("References: %v", err)
	}
	return rep
}

// walk indexes an image built in code, without a source.
func walk(t *testing.T, ls ...v1.Layer) *layers.Index {
	t.Helper()

	ix, err := layers.Walk(t.Context(), difftest.Image(t, v1.Config{}, ls...), layers.Options{})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return ix
}

// fileByPath finds a path in the report's files.
func fileByPath(rep *change.Report, p string) (change.File, bool) {
	for _, f := range rep.Files {
		if f.Path == p {
			return f, true
		}
	}
	return change.File{}, false
}

// layerSum adds up the uncompressed size of the report's layers of a kind.
func layerSum(rep *change.Report, kind string) int64 {
	var n int64
	for _, l := range rep.Layers {
		if l.Change == kind {
			n += l.Size
		}
	}
	return n
}
