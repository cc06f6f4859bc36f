package source

import (
	"errors"
	"fmt"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// ErrPlatformNotFound is matched (errors.Is) by the error Open returns when
// the source holds no image for the requested platform. The message names
// the platforms the source does hold.
var ErrPlatformNotFound = errors.New("platform not found")

// defaultPlatform is chosen from an index that holds several images when
// Options.Platform is empty.
const defaultPlatform = "linux/amd64"

// platformError names the platform asked for, where it was looked for, and
// the platforms found there instead.
type platformError struct {
	want      string
	where     string
	available []string
}

func (e *platformError) Error() string {
	have := "none"
	if len(e.available) > 0 {
		have = strings.Join(e.available, ", ")
	}
	return fmt.Sprintf("platform %q not found in %q; available: %s", e.want, e.where, have)
}

// Is lets errors.Is match ErrPlatformNotFound.
func (e *platformError) Is(target error) bool {
	return target == ErrPlatformNotFound
}

// parsePlatform reads "os/arch[/variant]".
func parsePlatform(s string) (v1.Platform, error) {
	parts := strings.Split(s, "/")
	if len(parts) < 2 || len(parts) > 3 || parts[0] == "" || parts[1] == "" {
		return v1.Platform{}, fmt.Errorf("parsing platform %q: want os/arch[/variant]", s)
	}

	p := v1.Platform{OS: parts[0], Architecture: parts[1]}
	if len(parts) == 3 {
		p.Variant = parts[2]
	}
	return p, nil
}

// platformMatches reports whether have satisfies want. A want without a
// variant accepts any variant; arm64 without a variant means v8.
func platformMatches(want, have v1.Platform) bool {
	if want.OS != have.OS || want.Architecture != have.Architecture {
		return false
	}
	if want.Variant == "" {
		return true
	}
	return normalVariant(want) == normalVariant(have)
}

func normalVariant(p v1.Platform) string {
	if p.Architecture == "arm64" && p.Variant == "" {
		return "v8"
	}
	return p.Variant
}

// platformString spells p as "os/arch[/variant]".
func platformString(p v1.Platform) string {
	s := p.OS + "/" + p.Architecture
	if p.Variant != "" {
		s += "/" + p.Variant
	}
	return s
}

// imagePlatform reads the platform an image's config declares; zero when
// the config names none.
func imagePlatform(img v1.Image) (v1.Platform, error) {
	cfg, err := img.ConfigFile()
	if err != nil {
		return v1.Platform{}, fmt.Errorf("reading image config: %w", err)
	}

	p := cfg.Platform()
	if p == nil {
		return v1.Platform{}, nil
	}
	return *p, nil
}

// checkPlatform refuses a lone image whose config names a platform other
// than the one asked for. A config that names no platform is accepted.
func checkPlatform(want string, have v1.Platform, where string) error {
	if want == "" || have.OS == "" || have.Architecture == "" {
		return nil
	}

	p, err := parsePlatform(want)
	if err != nil {
		return err
	}
	if platformMatches(p, have) {
		return nil
	}
	return &platformError{want: want, where: where, available: []string{platformString(have)}}
}
