package check

import (
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// WastefulImage is an image whose later layers delete 40 MiB and overwrite
// 8 MiB, for the tests that audit it end to end.
func WastefulImage(t testing.TB) v1.Image {
	return build(t, v1.Config{User: "0"}, wastefulLayers(), nil)
}

// Raw credential values that SecretImage carries in its config and history.
var SecretValues = []string{
	"wJalrXUtnFEMIfakefakefakefakeEXAMPLEKEY",
	"ghp_fakefakefakefakefakefakefakefake1234",
	"hunter2hunter2",
	"AKIAFAKEFAKEFAKEFAKE",
	"TOKEN=abc",
	npmToken,
}

// SecretImage is an image with credentials in its ENV and in build
// arguments its history records.
func SecretImage(t testing.TB) v1.Image {
	cfg := v1.Config{User: "1000", Env: []string{
		"PATH=/usr/bin",
		"AWS_SECRET_ACCESS_KEY=" + SecretValues[0],
		"GITHUB_TOKEN=" + SecretValues[1],
		"DB_PASSWORD=" + SecretValues[2],
		"UPSTREAM=" + SecretValues[3],
		"API_URL=https://api.example.com",
	}}
	ls := []lay{
		step("ADD rootfs /", file("etc/passwd", passwd)),
		step("|2 A=1 TOKEN=abc /bin/sh -c make install", file("usr/bin/app", "x")),
		step("|1 NPM_TOKEN="+npmToken+" /bin/sh -c npm ci", file("srv/app/package.json", "{}")),
	}
	return build(t, cfg, ls, func(cf *v1.ConfigFile) {
		// An ENV step between the layers makes no layer of its own.
		env := v1.History{EmptyLayer: true, CreatedBy: "/bin/sh -c #(nop)  ENV DB_PASSWORD=…"}
		cf.History = append(cf.History[:1], append([]v1.History{env}, cf.History[1:]...)...)
	})
}
