package audit

import (
	"context"
	"fmt"
	"sync"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/check"
	"github.com/imgaudit/imgaudit/pkg/result"
	"github.com/imgaudit/imgaudit/pkg/source"
)

// Options tunes an audit. The zero value opens images with the source
// defaults and runs every check at its default severity.
type Options struct {
	Source source.Options
	Checks check.Options
	// TopPaths is how many paths each layer's Top lists. Default 5.
	TopPaths int
	// Folders is how many folders the result's Folders lists. Default 10.
	Folders int
	// Warn receives warnings, such as a malformed /etc/passwd line. Default:
	// discarded.
	Warn func(msg string)
	// Cache, when set, shares per-layer reads between audits, so that a
	// layer several images have is read once.
	Cache *layers.Cache
	// CacheDir, when set and Cache is not, is a folder where per-layer reads
	// persist between runs, so that a layer an earlier run read is not read
	// again; see layers.Cache.Dir. Default: none.
	CacheDir string
	// Progress, when set, is told how far the layers have been read; see
	// layers.Options.Progress.
	Progress func(layers.Progress)
}

func (o Options) withDefaults() Options {
	if o.TopPaths <= 0 {
		o.TopPaths = 5
	}
	if o.Folders <= 0 {
		o.Folders = 10
	}
	if o.Warn == nil {
		o.Warn = func(string) {}
	}
	if o.Cache == nil && o.CacheDir != "" {
		o.Cache = newCache(o.CacheDir)
	}
	return o
}

// newCache returns a layer cache for audits, persisting in dir when it is
// not empty. Reads depend on the walk options the checks ask for, so their
// version names the stored files.
func newCache(dir string) *layers.Cache {
	return &layers.Cache{Dir: dir, Version: check.WalkVersion}
}

// About says where an image came from, for the report.
type About struct {
	Source    string
	Reference string
	Digest    string
	Platform  string
	// Tag is the tag the image was asked for by; empty for a digest or a file.
	Tag string
}

// Audit is one audited image: the result, and the config and index it was
// built from, for callers that compare images.
type Audit struct {
	Result *result.Result
	Config *v1.ConfigFile
	Index  *layers.Index
}

// Reference opens ref with the source package and audits the image.
func Reference(ctx context.Context, ref string, opts Options) (*result.Result, error) {
	a, err := Open(ctx, ref, opts)
	if err != nil {
		return nil, err
	}
	return a.Result, nil
}

// Open opens ref with the source package, audits the image and closes the
// source again.
func Open(ctx context.Context, ref string, opts Options) (*Audit, error) {
	img, err := source.Open(ctx, ref, opts.Source)
	if err != nil {
		return nil, err
	}
	defer img.Close()

	about := About{Source: string(img.Kind), Reference: img.Reference, Tag: img.Tag}
	if img.Digest != (v1.Hash{}) {
		about.Digest = img.Digest.String()
	}
	if img.Platform.OS != "" {
		about.Platform = img.Platform.String()
	}
	a, err := Inspect(ctx, img.Image, about, opts)
	if err != nil {
		return nil, fmt.Errorf("auditing %s: %w", where(img), err)
	}
	return a, nil
}

// Image audits one image.
func Image(ctx context.Context, img v1.Image, about About, opts Options) (*result.Result, error) {
	a, err := Inspect(ctx, img, about, opts)
	if err != nil {
		return nil, err
	}
	return a.Result, nil
}

// Inspect audits one image and keeps what the result was built from.
func Inspect(ctx context.Context, img v1.Image, about About, opts Options) (*Audit, error) {
	opts = opts.withDefaults()

	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, fmt.Errorf("reading image config: %w", err)
	}
	id, err := img.ConfigName()
	if err != nil {
		return nil, fmt.Errorf("reading image config digest: %w", err)
	}
	walk := check.WalkOptions()
	walk.Cache = opts.Cache
	walk.Progress = opts.Progress
	ix, err := layers.Walk(ctx, img, walk)
	if err != nil {
		return nil, err
	}
	if err := refuseMissing(ix); err != nil {
		return nil, err
	}

	// The summaries are made while the checks run: both only read the index.
	in := &check.Input{Config: cfg, Index: ix, Tag: about.Tag}
	var findings []result.Finding
	var wg sync.WaitGroup
	wg.Go(func() { findings = check.Run(in, opts.Checks) })
	res := &result.Result{
		SchemaVersion: result.SchemaVersion,
		Image:         facts(cfg, ix, about, id.String()),
		Layers:        summarise(ix, opts.TopPaths),
		Folders:       folders(ix, opts.Folders),
		WastedBytes:   ix.WastedBytes(),
		Efficiency:    efficiency(ix),
	}
	wg.Wait()
	res.Findings = findings
	for _, w := range in.Warnings() {
		opts.Warn(w)
	}
	for i, l := range ix.Layers {
		if l.Missing != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("layer %d (%s) was not read: %v",
				i, l.Digest, l.Missing))
		}
	}
	return &Audit{Result: res, Config: cfg, Index: ix}, nil
}

// efficiency is the bytes in the final filesystem over the bytes in all
// layers; an image with no content at all wastes nothing.
func efficiency(ix *layers.Index) float64 {
	total := ix.LayerBytes()
	if total == 0 {
		return 1
	}
	return float64(ix.FinalBytes()) / float64(total)
}
