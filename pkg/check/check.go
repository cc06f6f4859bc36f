package check

import (
	"cmp"
	"runtime"
	"slices"
	"sync"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// Check is one entry of the catalogue.
type Check struct {
	ID       string
	Severity result.Severity // the default; a finding may be lower, as for a template .env
	// Summary is one line for listings.
	Summary string
	// Rationale says why the finding matters, Fix what to do about it.
	Rationale string
	Fix       string

	run func(in *Input) []result.Finding
}

// Input is what the checks read: the image config and the layer index built
// with WalkOptions.
type Input struct {
	Config *v1.ConfigFile
	Index  *layers.Index
	// Tag is the tag the image was asked for by, empty when it was asked for
	// by digest or read from a file.
	Tag string

	opts Options // with defaults, set by Run

	// Built on first use by whichever check needs them; checks run side by
	// side, so each is built once, under its sync.Once.
	accountsOnce sync.Once
	accounts     *accounts // users and groups
	sourcesOnce  sync.Once
	sources      map[string][]*layers.Entry // hard-link sources
	pkgsOnce     sync.Once
	pkgs         []pkg // installed packages
}

// All returns the catalogue in a stable order.
func All() []*Check {
	return slices.Clone(catalogue)
}

// Lookup returns the check with the given ID.
func Lookup(id string) (*Check, bool) {
	i := slices.IndexFunc(catalogue, func(c *Check) bool { return c.ID == id })
	if i < 0 {
		return nil, false
	}
	return catalogue[i], true
}

// Run runs the catalogue over in and returns the findings, most severe first,
// then by check ID, layer and path. Checks only read the index, so they run
// side by side, as many at once as GOMAXPROCS allows: after the walk, they
// are most of what an audit has left to do, on one core otherwise.
func Run(in *Input, opts Options) []result.Finding {
	in.opts = opts.withDefaults()

	var run []*Check
	for _, c := range catalogue {
		if !opts.Disabled[c.ID] {
			run = append(run, c)
		}
	}
	found := make([][]result.Finding, len(run))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, c := range run {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			found[i] = c.run(in)
		})
	}
	wg.Wait()

	var out []result.Finding
	for i, c := range run {
		for _, f := range found[i] {
			f.Check = c.ID
			if sev, ok := opts.Severity[c.ID]; ok {
				f.Severity = sev
			}
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, compareFindings)
	return out
}

func compareFindings(a, b result.Finding) int {
	return cmp.Or(
		cmp.Compare(b.Severity, a.Severity),
		cmp.Compare(a.Check, b.Check),
		cmp.Compare(layerOf(a), layerOf(b)),
		cmp.Compare(a.Path, b.Path),
	)
}

func layerOf(f result.Finding) int {
	if f.Layer == nil {
		return -1
	}
	return *f.Layer
}

// at fills in where a finding applies from the entry that caused it.
func (in *Input) at(f result.Finding, e *layers.Entry) result.Finding {
	f.Path = e.Path
	layer := e.Layer
	f.Layer = &layer
	if e.Layer < len(in.Index.Layers) {
		f.CreatedBy = MaskHistory(in.Index.Layers[e.Layer].CreatedBy)
	}
	return f
}

// atLayer fills in the layer a finding applies to when no one path does.
func (in *Input) atLayer(f result.Finding, layer int) result.Finding {
	f.Layer = &layer
	if layer < len(in.Index.Layers) {
		f.CreatedBy = MaskHistory(in.Index.Layers[layer].CreatedBy)
	}
	return f
}
