untrusted comment: example.org/hello 1.0: verify with signify -C -p k1.pub -x SHA256.sig
RWTHECUIkatVYNhcADEDbSg4tJ4TYg1GLNGJradt8mPeZsFR7EFRG0JXZltfxWgsQbps+DCgNbBxxZk/mwDbQbt4vV5FVsyEQA4=
SHA256 (hello.txt) = 853ff93762a06ddbf722c4ebe9ddd66d8f63ddaea97f521c3ecc20da7c976020
SHA256 (lib/data.bin) = ec4833cb1b906e27f68cc28183fd97f97c0dc13986d8e476315ea0c0bc000c55
