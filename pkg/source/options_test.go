package source

import (
	"net/http"
	"os"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

func TestOptionsDefaults(t *testing.T) {
	custom := Options{
		Platform:  "linux/arm64",
		Keychain:  authn.NewMultiKeychain(),
		Transport: &http.Transport{},
		TempDir:   "/spool",
		Engine:    noDaemon{},
	}

	tests := []struct {
		name string
		in   Options
		want Options
	}{
		{"zero value", Options{}, Options{
			Keychain:  authn.DefaultKeychain,
			Transport: remote.DefaultTransport,
			TempDir:   os.TempDir(),
		}},
		{"set fields kept", custom, custom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.withDefaults()
			if got.Platform != tt.want.Platform || got.Insecure != tt.want.Insecure ||
				got.Keychain != tt.want.Keychain || got.Transport != tt.want.Transport ||
				got.TempDir != tt.want.TempDir || got.Engine != tt.want.Engine {
				t.Errorf("withDefaults() = %+v, want %+v", got, tt.want)
			}
		})
	}
}
