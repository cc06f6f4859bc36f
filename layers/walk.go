package layers

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"runtime"
	"strings"
	"sync"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// DefaultMaxKeep is the default for Options.MaxKeep: 8 MiB.
const DefaultMaxKeep = 8 << 20

// ErrForeign is the Layer.Missing of a foreign (non-distributable) layer.
// Walk never fetches such a blob: it lives at addresses the image names, not
// with the image.
var ErrForeign = errors.New("foreign layer not fetched")

// withDefaults fills in the documented defaults of Options.
func (o Options) withDefaults() Options {
	if o.MaxKeep <= 0 {
		o.MaxKeep = DefaultMaxKeep
	}
	if o.Concurrency <= 0 {
		o.Concurrency = runtime.GOMAXPROCS(0)
	}
	return o
}

// layerResult is what a worker hands back for one layer.
type layerResult struct {
	read    *blobRead
	missing error
	err     error
}

// Walk reads every layer of img once, as a stream, and returns the index.
// Layers are read concurrently, up to opts.Concurrency at once, and merged
// in layer order. A layer whose blob is foreign or absent is marked Missing
// and the others are still read; any other failure to read a layer fails
// Walk. opts.Keep and opts.Sniff are called from several goroutines at once.
func Walk(ctx context.Context, img v1.Image, opts Options) (*Index, error) {
	opts = opts.withDefaults()

	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("reading image config: %w", err)
	}
	if cfg == nil {
		cfg = &v1.ConfigFile{}
	}
	ls, err := img.Layers()
	if err != nil {
		return nil, fmt.Errorf("listing layers: %w", err)
	}

	ix := &Index{Layers: describe(ls, cfg)}
	announce(ls, &opts)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results, wait := start(ctx, ls, ix.Layers, &opts)
	defer wait()

	t := newTree()
	for i := range ls {
		r := <-results[i]
		if r.err == nil {
			r.err = verify(i, r.read, ix.Layers[i].DiffID)
		}
		if r.err != nil {
			cancel()
			wait()
			return nil, firstError(results, r.err)
		}
		ix.settle(i, ls[i], r, t)
	}

	ix.finish(t)
	return ix, nil
}

// start launches a worker per layer, at most opts.Concurrency at a time and
// in layer order, so merging can begin while later layers are still read.
// Each channel receives exactly one result. wait returns once every worker
// is done. known is what describe learnt of each layer; its diff IDs key
// opts.Cache.
func start(ctx context.Context, ls []v1.Layer, known []Layer,
	opts *Options) ([]chan layerResult, func()) {
	results := make([]chan layerResult, len(ls))
	for i := range results {
		results[i] = make(chan layerResult, 1)
	}

	var wg sync.WaitGroup
	sem := make(chan struct{}, opts.Concurrency)
	wg.Go(func() {
		for i, l := range ls {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				results[i] <- opts.Cache.read(ctx, l, known[i].DiffID, i, opts)
			})
		}
	})
	return results, wg.Wait
}

// firstError picks the error to report once Walk has cancelled the other
// workers: the first failure that is not merely the cancellation it caused.
func firstError(results []chan layerResult, err error) error {
	if !errors.Is(err, context.Canceled) {
		return err
	}
	for _, ch := range results {
		select {
		case r := <-ch:
			if r.err != nil && !errors.Is(r.err, context.Canceled) {
				return r.err
			}
		default:
		}
	}
	return err
}

// settle records one layer's result in the index and merges it into t.
func (ix *Index) settle(i int, l v1.Layer, r layerResult, t *tree) {
	lay := &ix.Layers[i]
	if r.missing != nil {
		lay.Missing = r.missing
		lay.Digest, lay.Size = blobDescriptor(l)
		return
	}

	lay.Digest = r.read.digest
	lay.Size = r.read.size
	lay.Bytes = r.read.bytes
	lay.Entries = r.read.entries
	lay.Removed = r.read.removed
	t.merge(i, r.read.removed, r.read.entries)
}

// readLayer reads one layer's blob, or says why it is missing.
func readLayer(ctx context.Context, l v1.Layer, i int, opts *Options) layerResult {
	if err := ctx.Err(); err != nil {
		return layerResult{err: err}
	}

	mt, err := l.MediaType()
	if err == nil && !mt.IsDistributable() {
		return layerResult{missing: ErrForeign}
	}

	rc, err := l.Compressed()
	if err != nil && absent(err) {
		return layerResult{missing: fmt.Errorf("opening blob: %w", err)}
	}
	if err != nil {
		return layerResult{err: layerError(l, i, err)}
	}
	defer rc.Close()

	blob, done := withProgress(rc, l, i, opts)
	c := claimsOf(l)
	read, err := readBlob(ctx, blob, c, i, opts)
	if err == nil && c.named && read.digest != c.digest && read.diffID == (v1.Hash{}) {
		read.diffID, err = contentDiffID(ctx, l)
	}
	if err != nil {
		return layerResult{err: layerError(l, i, err)}
	}
	read.compact()
	done()
	return layerResult{read: read}
}

// absent reports whether err says a blob is simply not there.
func absent(err error) bool {
	if errors.Is(err, fs.ErrNotExist) {
		return true
	}

	var te *transport.Error
	if errors.As(err, &te) && te.StatusCode == http.StatusNotFound {
		return true
	}

	// A docker-save tarball says a file is missing only in words.
	return strings.Contains(err.Error(), "not found in tar")
}

// layerError adds the layer's position and digest to err. A cancelled walk
// does not ask for the digest, which some layers compute by reading the blob.
func layerError(l v1.Layer, i int, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("reading layer %d: %w", i, err)
	}

	d, derr := l.Digest()
	if derr != nil {
		return fmt.Errorf("reading layer %d: %w", i, err)
	}
	return fmt.Errorf("reading layer %d (%s): %w", i, short(d), err)
}

// short abbreviates a digest for messages.
func short(h v1.Hash) string {
	const keep = 12
	if len(h.Hex) <= keep {
		return h.String()
	}
	return h.Algorithm + ":" + h.Hex[:keep] + "…"
}
