package main

import (
	"archive/tar"
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path"
	"strings"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/klauspost/compress/gzip"
)

// built is the pinned time of every file and history entry.
var built = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// stats counts what a layer holds.
type stats struct {
	files, dirs, links, whiteouts int
	bytes                         int64
}

func (s *stats) add(o stats) {
	s.files += o.files
	s.dirs += o.dirs
	s.links += o.links
	s.whiteouts += o.whiteouts
	s.bytes += o.bytes
}

// layerWriter writes one step as a tar, counting what it writes.
type layerWriter struct {
	tw    *tar.Writer
	body  *bufio.Writer
	seen  map[string]bool
	stats stats
}

// writeLayer writes step s, the n-th layer, gzip-compressed to file p and
// returns the blob's digest and size and the tar's digest.
func writeLayer(p string, n int, s step) (
	digest, diffID v1.Hash, size int64, st stats, err error) {
	f, err := os.Create(p)
	if err != nil {
		return v1.Hash{}, v1.Hash{}, 0, st, err
	}
	defer f.Close()

	blobHash, tarHash := sha256.New(), sha256.New()
	counted := &countWriter{w: io.MultiWriter(f, blobHash)}
	zw, err := gzip.NewWriterLevel(counted, gzip.DefaultCompression)
	if err != nil {
		return v1.Hash{}, v1.Hash{}, 0, st, err
	}

	tw := tar.NewWriter(io.MultiWriter(zw, tarHash))
	lw := &layerWriter{tw: tw, seen: map[string]bool{}}
	lw.body = bufio.NewWriterSize(tw, 64<<10)
	if err := lw.step(n, s); err != nil {
		return v1.Hash{}, v1.Hash{}, 0, st, err
	}

	if err := tw.Close(); err != nil {
		return v1.Hash{}, v1.Hash{}, 0, st, err
	}
	if err := zw.Close(); err != nil {
		return v1.Hash{}, v1.Hash{}, 0, st, err
	}
	digest = v1.Hash{Algorithm: "sha256", Hex: hex.EncodeToString(blobHash.Sum(nil))}
	diffID = v1.Hash{Algorithm: "sha256", Hex: hex.EncodeToString(tarHash.Sum(nil))}
	return digest, diffID, counted.n, lw.stats, f.Close()
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// step writes the whiteouts of s, then its rewritten files, then its new
// groups.
func (lw *layerWriter) step(n int, s step) error {
	for _, d := range s.removeDirs {
		if err := lw.whiteout(d); err != nil {
			return err
		}
	}
	for _, d := range s.opaque {
		if err := lw.whiteout(d + "/.wh..wh..opq"); err != nil {
			return err
		}
	}

	for _, c := range s.change {
		rng := rngFor(n, c.g.root)
		for i := 0; i < c.g.files; i += c.every {
			var err error
			if c.remove {
				err = lw.whiteout(c.g.filePath(i))
			} else {
				err = lw.file(c.g, i, rng)
			}
			if err != nil {
				return err
			}
		}
	}

	for _, g := range s.add {
		rng := rngFor(n, g.root)
		for i := range g.files {
			if err := lw.file(g, i, rng); err != nil {
				return err
			}
		}
	}
	return nil
}

func rngFor(layer int, root string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(root))
	return rand.New(rand.NewPCG(uint64(layer), h.Sum64()))
}

// sizeFor draws a size log-uniformly from g's range.
func sizeFor(g *group, rng *rand.Rand) int64 {
	lo, hi := math.Log(float64(g.minSize)), math.Log(float64(g.maxSize))
	return int64(math.Exp(lo + rng.Float64()*(hi-lo)))
}

// file writes file i of g, with its folders and any links it has.
func (lw *layerWriter) file(g *group, i int, rng *rand.Rand) error {
	p := g.filePath(i)
	if err := lw.parents(p); err != nil {
		return err
	}

	size := sizeFor(g, rng)
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: member(p), Mode: 0o644, Size: size,
		ModTime: built}
	if g.kind == binary && g.ext != ".mo" {
		hdr.Mode = 0o755
	}
	if err := lw.tw.WriteHeader(hdr); err != nil {
		return err
	}
	if err := writeContent(lw.body, g.kind, size, rng); err != nil {
		return err
	}
	if err := lw.body.Flush(); err != nil {
		return err
	}
	lw.stats.files++
	lw.stats.bytes += size

	if g.links == 0 || i%g.links != 0 {
		return nil
	}
	return lw.links(p)
}

// links writes a symlink and a hard link to the file at p.
func (lw *layerWriter) links(p string) error {
	sym := &tar.Header{Typeflag: tar.TypeSymlink, Name: member(p) + ".1", Linkname: path.Base(p),
		Mode: 0o777, ModTime: built}
	hard := &tar.Header{Typeflag: tar.TypeLink, Name: member(p) + ".hard", Linkname: member(p),
		Mode: 0o755, ModTime: built}
	for _, h := range []*tar.Header{sym, hard} {
		if err := lw.tw.WriteHeader(h); err != nil {
			return err
		}
		lw.stats.links++
	}
	return nil
}

// parents writes the folders above p that this layer has not written yet.
func (lw *layerWriter) parents(p string) error {
	dir := path.Dir(p)
	if dir == "/" || lw.seen[dir] {
		return nil
	}
	if err := lw.parents(dir); err != nil {
		return err
	}

	lw.seen[dir] = true
	lw.stats.dirs++
	hdr := &tar.Header{Typeflag: tar.TypeDir, Name: member(dir) + "/", Mode: 0o755, ModTime: built}
	return lw.tw.WriteHeader(hdr)
}

// whiteout writes the marker that deletes p, or empties the folder when p
// ends in the opaque marker.
func (lw *layerWriter) whiteout(p string) error {
	if err := lw.parents(p); err != nil {
		return err
	}

	wh := p
	if !strings.HasSuffix(p, "/.wh..wh..opq") {
		wh = path.Join(path.Dir(p), ".wh."+path.Base(p))
	}
	lw.stats.whiteouts++
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: member(wh), Mode: 0o644, ModTime: built}
	return lw.tw.WriteHeader(hdr)
}

// member is p as a tar member name: relative to the root.
func member(p string) string {
	return strings.TrimPrefix(p, "/")
}

// check fails when the image is smaller than the benchmark promises.
func (s stats) check() error {
	const minFiles, minBytes = 100_000, 1 << 30
	if s.files < minFiles || s.bytes < minBytes {
		return fmt.Errorf("image too small: %d files, %d bytes; want at least %d and %d",
			s.files, s.bytes, minFiles, minBytes)
	}
	return nil
}
