package layers

import (
	"archive/tar"
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// drainSize is the buffer used to read past the parts of a file nobody asked
// for.
const drainSize = 64 << 10

// blobRead is what one pass over a layer's blob produced.
type blobRead struct {
	entries []*Entry
	removed []Removal
	bytes   int64
	digest  v1.Hash // the blob's digest, checked against the bytes read
	size    int64   // bytes in the blob as read
	diffID  v1.Hash // sha256 of the uncompressed stream as read, when hashed
}

// blobCounter counts the bytes of a blob as they are read, and hashes them
// when h is set, so the blob's digest and size come from the same pass.
type blobCounter struct {
	r io.Reader
	h hash.Hash
	n int64
}

func (c *blobCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.h != nil {
		c.h.Write(p[:n])
	}
	c.n += int64(n)
	return n, err
}

// readBlob reads one layer blob to its end: it finds the compression, walks
// the tar stream and drains whatever follows the end of the archive, so that
// a source verifying digests sees every byte.
//
// Each byte is hashed at most once. The blob as stored is hashed, unless
// the source checks it against its stated digest itself, and a stated
// digest it does not match fails the read. Only where nothing states the
// blob's digest is the uncompressed stream hashed too, for Walk to check it
// against the config's diff ID: a blob that matches a digest the manifest
// names is the blob the image was built with, and hashing its larger
// uncompressed form as well would cost about a third of the audit. A blob
// whose name only suggests its digest has its content hashed as well when
// the walk caches its reads, since only a read that checked both can stand
// for another layer (see standsFor).
func readBlob(ctx context.Context, blob io.Reader, c claims, layer int,
	opts *Options) (*blobRead, error) {
	alg := "sha256"
	if c.digest != (v1.Hash{}) {
		alg = c.digest.Algorithm
	}
	bc := &blobCounter{r: blob}
	if !c.verified {
		bc.h = newHash(alg)
	}
	br := bufio.NewReaderSize(bc, drainSize)

	plain, done, err := decompress(br)
	if err != nil {
		return nil, err
	}
	defer done()

	res := &blobRead{}
	compressed := plain != io.Reader(br)
	diff := &diffHasher{r: plain}
	if compressed && (c.digest == (v1.Hash{}) || c.named && opts.Cache != nil) {
		diff.h = sha256.New()
	}
	if err := res.readTar(ctx, diff, layer, opts); err != nil {
		return nil, err
	}

	// Whatever follows the end of the archive (an estargz table of contents,
	// padding) still has to pass, or a verifying source reports a mismatch,
	// and it is part of the diff ID.
	buf := make([]byte, drainSize)
	if err := drain(ctx, diff, buf); err != nil {
		return nil, fmt.Errorf("draining layer: %w", err)
	}
	if err := drain(ctx, br, buf); err != nil {
		return nil, fmt.Errorf("draining layer: %w", err)
	}

	res.size = bc.n
	res.digest = c.digest
	if bc.h != nil {
		res.digest = sum(alg, bc.h)
	}
	if c.digest != (v1.Hash{}) && !c.named && res.digest != c.digest {
		return nil, &mismatchError{what: "blob has digest", got: res.digest, want: c.digest,
			claim: "the image states"}
	}

	switch {
	case diff.h != nil:
		res.diffID = sum("sha256", diff.h)
	case !compressed && alg == "sha256":
		res.diffID = res.digest // an uncompressed blob is its own content
	}
	return res, nil
}

// readTar walks a layer's uncompressed tar stream. Each entry is drained to
// the end of its data, so the bytes counted between the end of its header
// and the end of its data are what the layer really stores for it. A sparse
// file is not drained: the next header skips its data (see skipper).
func (res *blobRead) readTar(ctx context.Context, src io.Reader, layer int, opts *Options) error {
	cr := &skipper{r: src, ctx: ctx}
	tr := tar.NewReader(cr)
	buf := make([]byte, drainSize)
	var sparse skipped

	for {
		if err := ctx.Err(); err != nil {
			return err
		}

		cr.end = 0
		hdr, err := tr.Next()
		sparse.settle(res, cr)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		start := cr.n

		e, err := res.take(hdr, tr, layer, opts)
		if err != nil {
			return fmt.Errorf("reading %s: %w", quoteName(hdr.Name), err)
		}
		if e != nil && isSparse(hdr) {
			res.entries = append(res.entries, e)
			sparse = skipped{e: e, start: start, read: cr.n}
			continue
		}
		if err := drain(ctx, tr, buf); err != nil {
			return fmt.Errorf("reading %s: %w", quoteName(hdr.Name), err)
		}
		if e == nil {
			continue
		}

		e.Stored = cr.n - start
		res.bytes += e.Stored
		res.entries = append(res.entries, e)
	}
}

// take turns one header into an entry or a removal, reading whatever
// content opts asks for. It returns nil for headers that are not entries.
func (res *blobRead) take(hdr *tar.Header, tr io.Reader, layer int,
	opts *Options) (*Entry, error) {
	p := cleanName(hdr.Name)
	if err := checkLengths(p, hdr.Linkname); err != nil {
		return nil, err
	}
	if p == "/" || stargzMeta[p] {
		return nil, nil
	}

	rm, ok, skip := whiteout(p)
	if ok {
		res.removed = append(res.removed, rm)
	}
	if ok || skip {
		return nil, nil
	}

	e, ok := newEntry(hdr, p, layer)
	if !ok {
		return nil, nil
	}
	if e.Kind == File && !e.Hardlink {
		if err := readContent(e, tr, opts); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// readContent keeps the content of a regular file and sniffs its first bytes,
// as opts asks.
func readContent(e *Entry, r io.Reader, opts *Options) error {
	keep := opts.Keep != nil && e.Size <= opts.MaxKeep && opts.Keep(e.Path, e.Size)
	if keep {
		e.Content = make([]byte, e.Size)
		if _, err := io.ReadFull(r, e.Content); err != nil {
			return err
		}
	}

	if opts.Sniff == nil {
		return nil
	}

	n := min(e.Size, SniffSize)
	head := make([]byte, n)
	if keep {
		copy(head, e.Content)
	} else if _, err := io.ReadFull(r, head); err != nil {
		return err
	}
	e.Tags = opts.Sniff(e.Path, head)
	return nil
}

// drain reads r to its end, stopping early when ctx is done.
func drain(ctx context.Context, r io.Reader, buf []byte) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		_, err := r.Read(buf)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
