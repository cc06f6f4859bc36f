package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/layers"
)

// opener opens one layer blob as stored.
type opener func() (io.ReadCloser, error)

// fileOpeners opens blob files.
func fileOpeners(paths []string) []opener {
	out := make([]opener, len(paths))
	for i, p := range paths {
		out[i] = func() (io.ReadCloser, error) { return os.Open(p) }
	}
	return out
}

// layerOpeners opens the compressed blobs of img, from wherever img lives.
func layerOpeners(img v1.Image) ([]opener, error) {
	ls, err := img.Layers()
	if err != nil {
		return nil, err
	}
	out := make([]opener, len(ls))
	for i, l := range ls {
		out[i] = l.Compressed
	}
	return out, nil
}

// decompressAll is the lower bound of an audit: every blob decompressed
// with the decompressor imgaudit ships, as many at once as GOMAXPROCS
// allows, the output thrown away. It returns the wall time and the bytes
// decompressed.
func decompressAll(blobs []opener) (time.Duration, int64, error) {
	start := time.Now()
	sizes := make([]int64, len(blobs))
	errs := make([]error, len(blobs))

	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, open := range blobs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			sizes[i], errs[i] = decompressOne(open)
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	var total int64
	for i := range blobs {
		if errs[i] != nil {
			return 0, 0, fmt.Errorf("decompressing layer %d: %w", i, errs[i])
		}
		total += sizes[i]
	}
	return elapsed, total, nil
}

func decompressOne(open opener) (int64, error) {
	rc, err := open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()

	plain, err := layers.Decompress(rc)
	if err != nil {
		return 0, err
	}
	defer plain.Close()
	return io.Copy(io.Discard, plain)
}
