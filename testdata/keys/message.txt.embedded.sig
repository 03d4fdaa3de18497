untrusted comment: verify with signify -V -e -p k1.pub -m message.txt
RWTHECUIkatVYBg2wVPKMqx4u4+32A3bgGqccAxe19qZd8yGftWViIjre90dE02GKLAktaM5+cuOEcwG93AYuXFyW0Qv4Oy3PAc=
Baton signs releases.
