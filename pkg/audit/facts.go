package audit

import (
	"bufio"
	"bytes"
	"maps"
	"path"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/check"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// facts gathers what every report shows about the image.
func facts(cfg *v1.ConfigFile, ix *layers.Index, about About, imageID string) result.Image {
	c := cfg.Config
	img := result.Image{
		Source:       about.Source,
		Reference:    about.Reference,
		Digest:       about.Digest,
		ImageID:      imageID,
		Platform:     about.Platform,
		Distro:       distro(ix),
		Libc:         libc(ix),
		User:         c.User,
		Entrypoint:   check.MaskArgs(c.Entrypoint),
		Cmd:          check.MaskArgs(c.Cmd),
		ExposedPorts: slices.Sorted(maps.Keys(c.ExposedPorts)),
		Volumes:      slices.Sorted(maps.Keys(c.Volumes)),
		Labels:       maskLabels(c.Labels),
		Size:         ix.LayerBytes(),
		FinalSize:    ix.FinalBytes(),
		LayerCount:   len(ix.Layers),
	}
	if img.Platform == "" {
		p := v1.Platform{OS: cfg.OS, Architecture: cfg.Architecture, Variant: cfg.Variant}
		img.Platform = p.String()
	}
	if c.Healthcheck != nil {
		img.Healthcheck = check.MaskArgs(c.Healthcheck.Test)
	}
	for _, l := range ix.Layers {
		img.CompressedSize += l.Size
	}
	return img
}

// maskLabels copies labels with credential-like values masked.
func maskLabels(labels map[string]string) map[string]string {
	if labels == nil {
		return nil
	}
	out := make(map[string]string, len(labels))
	for k, v := range labels {
		out[k] = check.MaskValue(k, v)
	}
	return out
}

// distro reads the PRETTY_NAME of the final filesystem's os-release.
func distro(ix *layers.Index) string {
	for _, p := range []string{"/etc/os-release", "/usr/lib/os-release"} {
		e := ix.Resolve(p)
		if e == nil {
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(e.Content))
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "PRETTY_NAME="); ok {
				return strings.Trim(v, `"'`)
			}
		}
	}
	return ""
}

// loaderDirs are where a dynamic loader lives, directly or in a multiarch
// folder.
var loaderDirs = []string{
	"/lib", "/lib64", "/usr/lib", "/usr/lib64",
	"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
	"/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
}

// libc tells musl from glibc by the dynamic loader the image ships.
func libc(ix *layers.Index) string {
	for _, dir := range loaderDirs {
		// /lib is a link to /usr/lib where /usr is merged.
		d := ix.Resolve(dir)
		if d == nil || d.Kind != layers.Dir {
			continue
		}
		for _, e := range ix.Children(d.Path) {
			name := path.Base(e.Path)
			switch {
			case strings.HasPrefix(name, "ld-musl-"):
				return "musl"
			case strings.HasPrefix(name, "ld-linux"):
				return "glibc"
			}
		}
	}
	return ""
}
