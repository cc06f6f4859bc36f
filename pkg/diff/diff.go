package diff

import (
	"context"
	"fmt"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/audit"
	"github.com/imgaudit/imgaudit/pkg/check"
	"github.com/imgaudit/imgaudit/pkg/diff/change"
	"github.com/imgaudit/imgaudit/pkg/result"
	"github.com/imgaudit/imgaudit/pkg/source"
)

// DefaultTop is the default for Options.Top.
const DefaultTop = 10

// Options tunes a comparison. The zero value opens images with the source
// defaults, runs every check at its default severity, lists the ten
// directories that changed most and sets no growth limit.
type Options struct {
	Source source.Options
	Checks check.Options
	// Top is how many directories Report.Dirs lists. Default DefaultTop.
	Top int
	// MaxGrowth holds the growth limits; without any, Report.Gate is nil.
	MaxGrowth []Limit
	// CacheDir, when set, is a folder where per-layer reads persist between
	// runs, as for an audit; see layers.Cache.Dir. Default: none.
	CacheDir string
	// Warn receives warnings, such as a malformed /etc/passwd line, each
	// saying which image it is about. Default: discarded.
	Warn func(msg string)
}

func (o Options) withDefaults() Options {
	if o.Top <= 0 {
		o.Top = DefaultTop
	}
	if o.Warn == nil {
		o.Warn = func(string) {}
	}
	return o
}

// side is one image, walked and audited.
type side struct {
	about    change.Image
	config   v1.Config
	index    *layers.Index
	findings []result.Finding
}

// References opens the images oldRef and newRef with the source package,
// audits both and compares them. A layer both images have is read once.
func References(ctx context.Context, oldRef, newRef string, opts Options) (*change.Report, error) {
	opts = opts.withDefaults()
	cache := &layers.Cache{Dir: opts.CacheDir, Version: check.WalkVersion}

	before, err := load(ctx, oldRef, "old", cache, opts)
	if err != nil {
		return nil, fmt.Errorf("reading the old image: %w", err)
	}
	after, err := load(ctx, newRef, "new", cache, opts)
	if err != nil {
		return nil, fmt.Errorf("reading the new image: %w", err)
	}
	return compare(before, after, opts), nil
}

// load opens and audits one image; which names it in warnings.
func load(ctx context.Context, ref, which string, cache *layers.Cache,
	opts Options) (*side, error) {
	a, err := audit.Open(ctx, ref, audit.Options{
		Source: opts.Source,
		Checks: opts.Checks,
		Cache:  cache,
		Warn:   func(msg string) { opts.Warn(which + " image: " + msg) },
	})
	if err != nil {
		return nil, err
	}
	img := a.Result.Image
	return &side{
		about: change.Image{
			Source:         img.Source,
			Reference:      img.Reference,
			Digest:         img.Digest,
			ImageID:        img.ImageID,
			Platform:       img.Platform,
			Size:           img.Size,
			CompressedSize: img.CompressedSize,
			FinalSize:      img.FinalSize,
			WastedBytes:    a.Result.WastedBytes,
			LayerCount:     img.LayerCount,
		},
		config:   a.Config.Config,
		index:    a.Index,
		findings: a.Result.Findings,
	}, nil
}

// compare builds the report from the two audited images.
func compare(before, after *side, opts Options) *change.Report {
	o, n := before.about, after.about
	rep := &change.Report{
		SchemaVersion:   change.SchemaVersion,
		Old:             o,
		New:             n,
		SizeDelta:       n.Size - o.Size,
		CompressedDelta: n.CompressedSize - o.CompressedSize,
		FinalSizeDelta:  n.FinalSize - o.FinalSize,
		WastedDelta:     n.WastedBytes - o.WastedBytes,
		LayerCountDelta: n.LayerCount - o.LayerCount,
	}

	rep.SharedBase, rep.Layers = matchLayers(before.index, after.index)
	rep.Dirs = dirs(before.index, after.index, opts.Top)
	rep.Files = files(before.index, after.index)
	rep.NewFindings, rep.FixedFindings = findings(before.findings, after.findings)
	rep.Config = appendValue(nil, "platform", "", o.Platform, n.Platform)
	rep.Config = append(rep.Config, configs(before.config, after.config)...)
	rep.Gate = gate(rep, opts.MaxGrowth)
	rep.Notes = append(missing("old", before.index), missing("new", after.index)...)
	return rep
}

// missing says which layers of an image could not be read.
func missing(which string, ix *layers.Index) []string {
	var out []string
	for i, l := range ix.Layers {
		if l.Missing != nil {
			out = append(out, fmt.Sprintf("%s image: layer %d (%s) was not read: %v",
				which, i, l.Digest, l.Missing))
		}
	}
	return out
}
