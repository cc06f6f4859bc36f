package layers

import (
	"archive/tar"
	"context"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// tinyEntries is how many one-byte files TestMillionTinyEntries writes.
const tinyEntries = 1_000_000

// scaleTimeout bounds the walk of a million entries, which takes about 20
// seconds on two cores, tar writer included.
const scaleTimeout = 2 * time.Minute

// heapPerEntry bounds the heap the index of a tiny entry may hold. An
// entry, its node in the final tree and its share of a directory map take
// about 230 bytes today; a regression past this bound means memory no
// longer grows with the entries alone.
const heapPerEntry = 400

// generated is a layer whose uncompressed blob is written on demand by a
// goroutine, so that a test can serve a gigabyte-sized tar without
// holding it.
type generated struct {
	fakeLayer
	write func(io.Writer) error
}

func (g *generated) Compressed() (io.ReadCloser, error) {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(g.write(pw)) }()
	return pr, nil
}

// writeTiny writes n one-byte files spread over 1,000 directories.
func writeTiny(w io.Writer, n int) error {
	tw := tar.NewWriter(w)
	for i := range n {
		h := &tar.Header{Name: fmt.Sprintf("d%03d/f%07d", i%1000, i), Typeflag: tar.TypeReg,
			Size: 1, Mode: 0o644, ModTime: pinned}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write([]byte{'x'}); err != nil {
			return err
		}
	}
	return tw.Close()
}

func TestMillionTinyEntries(t *testing.T) {
	if testing.Short() {
		t.Skip("walks a million entries; skipped with -short")
	}
	l := &generated{
		fakeLayer: fakeLayer{name: "tiny", mt: types.DockerLayer},
		write:     func(w io.Writer) error { return writeTiny(w, tinyEntries) },
	}
	img := &fakeImage{cfg: &v1.ConfigFile{}, layers: []v1.Layer{l}}

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()

	ctx, cancel := context.WithTimeout(t.Context(), scaleTimeout)
	defer cancel()
	ix, err := Walk(ctx, img, Options{})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	took := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)

	if got := len(ix.Layers[0].Entries); got != tinyEntries {
		t.Fatalf("%d entries, want %d", got, tinyEntries)
	}
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d entries: %v, %d MiB held, %d bytes an entry, %d MiB allocated in all",
		tinyEntries, took, held>>20, held/tinyEntries, (after.TotalAlloc-before.TotalAlloc)>>20)
	if held > heapPerEntry*tinyEntries {
		t.Errorf("the index holds %d bytes an entry, want at most %d", held/tinyEntries, heapPerEntry)
	}
	runtime.KeepAlive(ix)
}
