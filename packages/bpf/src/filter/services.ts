// Service names (from a Debian /etc/services) so port names resolve without the OS, as getservbyname does.
// Format: name=proto:port[,proto:port] separated by spaces.
export const SERVICES_TEXT =
  'tcpmux=tcp:1 echo=ddp:4,tcp:7,udp:7 discard=tcp:9,udp:9 sink=tcp:9,udp:9 null=tcp:9,udp:9 ' +
  'systat=tcp:11 users=tcp:11 daytime=tcp:13,udp:13 netstat=tcp:15 qotd=tcp:17 quote=tcp:17 ' +
  'chargen=tcp:19,udp:19 ttytst=tcp:19,udp:19 source=tcp:19,udp:19 ftp-data=tcp:20 ftp=tcp:21 ' +
  'fsp=udp:21 fspd=udp:21 ssh=tcp:22 telnet=tcp:23 smtp=tcp:25 mail=tcp:25 time=tcp:37,udp:37 ' +
  'timserver=tcp:37,udp:37 whois=tcp:43 nicname=tcp:43 tacacs=tcp:49,udp:49 domain=tcp:53,udp:53 ' +
  'bootps=udp:67 bootpc=udp:68 tftp=udp:69 gopher=tcp:70 finger=tcp:79 http=tcp:80 www=tcp:80 ' +
  'kerberos=tcp:88,udp:88 kerberos5=tcp:88,udp:88 krb5=tcp:88,udp:88 kerberos-sec=tcp:88,udp:88 ' +
  'iso-tsap=tcp:102 tsap=tcp:102 acr-nema=tcp:104 dicom=tcp:104 pop3=tcp:110 pop-3=tcp:110 ' +
  'sunrpc=tcp:111,udp:111 portmapper=tcp:111,udp:111 auth=tcp:113 authentication=tcp:113 tap=tcp:113 ' +
  'ident=tcp:113 nntp=tcp:119 readnews=tcp:119 untp=tcp:119 ntp=udp:123 epmap=tcp:135 loc-srv=tcp:135 ' +
  'netbios-ns=udp:137 netbios-dgm=udp:138 netbios-ssn=tcp:139 imap2=tcp:143 imap=tcp:143 ' +
  'snmp=tcp:161,udp:161 snmp-trap=tcp:162,udp:162 snmptrap=tcp:162,udp:162 cmip-man=tcp:163,udp:163 ' +
  'cmip-agent=tcp:164,udp:164 mailq=tcp:174 xdmcp=udp:177 bgp=tcp:179 smux=tcp:199 qmtp=tcp:209 ' +
  'z3950=tcp:210 wais=tcp:210 ipx=udp:213 ptp-event=udp:319 ptp-general=udp:320 pawserv=tcp:345 ' +
  'zserv=tcp:346 rpc2portmap=tcp:369,udp:369 codaauth2=tcp:370,udp:370 clearcase=udp:371 ' +
  'Clearcase=udp:371 ldap=tcp:389,udp:389 svrloc=tcp:427,udp:427 https=tcp:443,udp:443 snpp=tcp:444 ' +
  'microsoft-ds=tcp:445 kpasswd=tcp:464,udp:464 submissions=tcp:465 ssmtp=tcp:465 smtps=tcp:465 ' +
  'urd=tcp:465 saft=tcp:487 isakmp=udp:500 rtsp=tcp:554,udp:554 nqs=tcp:607 asf-rmcp=udp:623 ' +
  'qmqp=tcp:628 ipp=tcp:631 ldp=tcp:646,udp:646 exec=tcp:512 biff=udp:512 comsat=udp:512 login=tcp:513 ' +
  'who=udp:513 whod=udp:513 shell=tcp:514 cmd=tcp:514 syslog=tcp:514,udp:514 printer=tcp:515 ' +
  'spooler=tcp:515 talk=udp:517 ntalk=udp:518 route=udp:520 router=udp:520 routed=udp:520 ' +
  'gdomap=tcp:538,udp:538 uucp=tcp:540 uucpd=tcp:540 klogin=tcp:543 kshell=tcp:544 krcmd=tcp:544 ' +
  'dhcpv6-client=udp:546 dhcpv6-server=udp:547 afpovertcp=tcp:548 nntps=tcp:563 snntp=tcp:563 ' +
  'submission=tcp:587 ldaps=tcp:636,udp:636 tinc=tcp:655,udp:655 silc=tcp:706 kerberos-adm=tcp:749 ' +
  'domain-s=tcp:853,udp:853 rsync=tcp:873 ftps-data=tcp:989 ftps=tcp:990 telnets=tcp:992 imaps=tcp:993 ' +
  'pop3s=tcp:995 socks=tcp:1080 proofd=tcp:1093 rootd=tcp:1094 openvpn=tcp:1194,udp:1194 ' +
  'rmiregistry=tcp:1099 lotusnote=tcp:1352 lotusnotes=tcp:1352 ms-sql-s=tcp:1433 ms-sql-m=udp:1434 ' +
  'ingreslock=tcp:1524 datametrics=tcp:1645,udp:1645 old-radius=tcp:1645,udp:1645 ' +
  'sa-msg-port=tcp:1646,udp:1646 old-radacct=tcp:1646,udp:1646 kermit=tcp:1649 groupwise=tcp:1677 ' +
  'l2f=udp:1701 l2tp=udp:1701 radius=tcp:1812,udp:1812 radius-acct=tcp:1813,udp:1813 ' +
  'radacct=tcp:1813,udp:1813 cisco-sccp=tcp:2000 nfs=tcp:2049,udp:2049 gnunet=tcp:2086,udp:2086 ' +
  'rtcm-sc104=tcp:2101,udp:2101 gsigatekeeper=tcp:2119 gris=tcp:2135 cvspserver=tcp:2401 ' +
  'venus=tcp:2430,udp:2430 venus-se=tcp:2431,udp:2431 codasrv=tcp:2432,udp:2432 ' +
  'codasrv-se=tcp:2433,udp:2433 mon=tcp:2583,udp:2583 dict=tcp:2628 f5-globalsite=tcp:2792 ' +
  'gsiftp=tcp:2811 gpsd=tcp:2947 gds-db=tcp:3050 gds_db=tcp:3050 icpv2=udp:3130 icp=udp:3130 ' +
  'isns=tcp:3205,udp:3205 iscsi-target=tcp:3260 mysql=tcp:3306 ms-wbt-server=tcp:3389 ' +
  'nut=tcp:3493,udp:3493 distcc=tcp:3632 daap=tcp:3689 svn=tcp:3690 subversion=tcp:3690 suucp=tcp:4031 ' +
  'sysrqd=tcp:4094 sieve=tcp:4190 epmd=tcp:4369 remctl=tcp:4373 f5-iquery=tcp:4353 ntske=tcp:4460 ' +
  'ipsec-nat-t=udp:4500 iax=udp:4569 mtn=tcp:4691 radmin-port=tcp:4899 sip=tcp:5060,udp:5060 ' +
  'sip-tls=tcp:5061,udp:5061 xmpp-client=tcp:5222 jabber-client=tcp:5222 xmpp-server=tcp:5269 ' +
  'jabber-server=tcp:5269 cfengine=tcp:5308 mdns=udp:5353 postgresql=tcp:5432 postgres=tcp:5432 ' +
  'freeciv=tcp:5556 rptp=tcp:5556 amqps=tcp:5671 amqp=sctp:5672,tcp:5672 x11=tcp:6000 x11-0=tcp:6000 ' +
  'x11-1=tcp:6001 x11-2=tcp:6002 x11-3=tcp:6003 x11-4=tcp:6004 x11-5=tcp:6005 x11-6=tcp:6006 ' +
  'x11-7=tcp:6007 gnutella-svc=tcp:6346,udp:6346 gnutella-rtr=tcp:6347,udp:6347 redis=tcp:6379 ' +
  'sge-qmaster=tcp:6444 sge_qmaster=tcp:6444 sge-execd=tcp:6445 sge_execd=tcp:6445 ' +
  'mysql-proxy=tcp:6446 babel=udp:6696 ircs-u=tcp:6697 bbs=tcp:7000 afs3-fileserver=udp:7000 ' +
  'afs3-callback=udp:7001 afs3-prserver=udp:7002 afs3-vlserver=udp:7003 afs3-kaserver=udp:7004 ' +
  'afs3-volser=udp:7005 afs3-bos=udp:7007 afs3-update=udp:7008 afs3-rmtsys=udp:7009 ' +
  'font-service=tcp:7100 xfs=tcp:7100 http-alt=tcp:8080 webcache=tcp:8080 puppet=tcp:8140 ' +
  'bacula-dir=tcp:9101 bacula-fd=tcp:9102 bacula-sd=tcp:9103 xmms2=tcp:9667 nbd=tcp:10809 ' +
  'zabbix-agent=tcp:10050 zabbix-trapper=tcp:10051 amanda=tcp:10080 hkp=tcp:11371 db-lsp=tcp:17500 ' +
  'dcap=tcp:22125 gsidcap=tcp:22128 wnn6=tcp:22273 rtmp=ddp:1 nbp=ddp:2 zip=ddp:6 ' +
  'kerberos4=tcp:750,udp:750 kerberos-iv=tcp:750,udp:750 kdc=tcp:750,udp:750 ' +
  'kerberos-master=tcp:751,udp:751 kerberos_master=udp:751 passwd-server=udp:752 passwd_server=udp:752 ' +
  'krb-prop=tcp:754 krb_prop=tcp:754 krb5_prop=tcp:754 hprop=tcp:754 zephyr-srv=udp:2102 ' +
  'zephyr-clt=udp:2103 zephyr-hm=udp:2104 iprop=tcp:2121 supfilesrv=tcp:871 supfiledbg=tcp:1127 ' +
  'poppassd=tcp:106 moira-db=tcp:775 moira_db=tcp:775 moira-update=tcp:777 moira_update=tcp:777 ' +
  'moira-ureg=udp:779 moira_ureg=udp:779 spamd=tcp:783 skkserv=tcp:1178 predict=udp:1210 ' +
  'rmtcfg=tcp:1236 xtel=tcp:1313 xtelw=tcp:1314 zebrasrv=tcp:2600 zebra=tcp:2601 ripd=tcp:2602 ' +
  'ripngd=tcp:2603 ospfd=tcp:2604 bgpd=tcp:2605 ospf6d=tcp:2606 ospfapi=tcp:2607 isisd=tcp:2608 ' +
  'fax=tcp:4557 hylafax=tcp:4559 munin=tcp:4949 lrrd=tcp:4949 rplay=udp:5555 nrpe=tcp:5666 ' +
  'nsca=tcp:5667 canna=tcp:5680 syslog-tls=tcp:6514 sane-port=tcp:6566 sane=tcp:6566 saned=tcp:6566 ' +
  'ircd=tcp:6667 zope-ftp=tcp:8021 tproxy=tcp:8081 omniorb=tcp:8088 clc-build-daemon=tcp:8990 ' +
  'xinetd=tcp:9098 git=tcp:9418 zope=tcp:9673 webmin=tcp:10000 kamanda=tcp:10081 amandaidx=tcp:10082 ' +
  'amidxtape=tcp:10083 sgi-cmsd=udp:17001 sgi-crsd=udp:17002 sgi-gcd=udp:17003 sgi-cad=tcp:17004 ' +
  'binkp=tcp:24554 asp=tcp:27374,udp:27374 csync2=tcp:30865 dircproxy=tcp:57000 tfido=tcp:60177 ' +
  'fido=tcp:60179 ';
