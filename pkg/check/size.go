package check

import (
	"fmt"
	"strings"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// docDirs are where packages put man pages, documentation and translations.
var docDirs = []string{
	"/usr/share/doc", "/usr/share/man", "/usr/share/info", "/usr/share/locale",
	"/usr/lib/locale", "/usr/share/i18n", "/usr/share/gtk-doc", "/usr/share/help",
	"/usr/local/share/doc", "/usr/local/share/man",
}

func docsBloat(in *Input) []result.Finding {
	if in.opts.DocsBytes < 0 {
		return nil
	}
	bytes := map[string]int64{}
	byLayer := map[string]map[int]int64{}
	var total int64
	for _, dir := range docDirs {
		byLayer[dir] = map[int]int64{}
	}
	for e := range in.Index.All() {
		for _, dir := range docDirs {
			if e.Kind == layers.File && isUnder(e.Path, dir) {
				bytes[dir] += e.Stored
				byLayer[dir][e.Layer] += e.Stored
				total += e.Stored
				break
			}
		}
	}
	if total <= in.opts.DocsBytes {
		return nil
	}

	biggest := ""
	var parts []string
	for _, dir := range docDirs {
		if bytes[dir] == 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %s", dir, size(bytes[dir])))
		if biggest == "" || bytes[dir] > bytes[biggest] {
			biggest = dir
		}
	}
	f := result.Finding{Severity: result.Info, Bytes: total, Message: fmt.Sprintf(
		"man pages, docs and locales take %s (%s); use a slim base image, or delete them "+
			"in the RUN that installs packages", size(total), strings.Join(parts, ", "))}
	where := &layers.Entry{Path: biggest, Layer: heaviestLayer(byLayer[biggest])}
	return []result.Finding{in.at(f, where)}
}

func sizeBudget(in *Input) []result.Finding {
	b := in.opts.Budgets
	image, wasted := in.Index.LayerBytes(), in.Index.WastedBytes()
	var out []result.Finding
	over := func(subject, what string, got, budget int64, advice string) {
		out = append(out, result.Finding{Severity: result.High, Bytes: got, Subject: subject,
			Message: fmt.Sprintf(
				"%s is %s, over the budget of %s; %s", what, size(got), size(budget), advice)})
	}

	if b.Image > 0 && image > b.Image {
		over("imageSize", "the image's uncompressed size", image, b.Image,
			"use a slimmer base image or a separate build stage, or raise the budget")
	}
	if b.Wasted > 0 && wasted > b.Wasted {
		over("wasted", "the space later layers hide", wasted, b.Wasted,
			"delete files in the same RUN that creates them, or raise the budget")
	}
	if pct := percentOf(wasted, image); b.WastedPercent > 0 && pct > b.WastedPercent {
		out = append(out, result.Finding{Severity: result.High, Bytes: wasted,
			Subject: "wastedPercent", Message: fmt.Sprintf(
				"the space later layers hide is %.1f%% of the image, over the budget of %.1f%%; "+
					"delete files in the same RUN that creates them, or raise the budget",
				pct, b.WastedPercent)})
	}

	for i, l := range in.Index.Layers {
		if b.Layer <= 0 || l.Bytes <= b.Layer {
			continue
		}
		msg := fmt.Sprintf("layer %d is %s, over the per-layer budget of %s",
			i, size(l.Bytes), size(b.Layer))
		if big := biggestEntry(l.Entries); big != nil {
			msg += fmt.Sprintf(" (biggest: %s, %s)", showPath(big.Path), storedSize(big))
		}
		f := result.Finding{Severity: result.High, Bytes: l.Bytes,
			Message: msg + "; split the step or clean up within it, or raise the budget"}
		out = append(out, in.atLayer(f, i))
	}
	return out
}

// biggestEntry returns the entry that takes most bytes in a layer.
func biggestEntry(es []*layers.Entry) *layers.Entry {
	var big *layers.Entry
	for _, e := range es {
		if big == nil || e.Stored > big.Stored {
			big = e
		}
	}
	return big
}
