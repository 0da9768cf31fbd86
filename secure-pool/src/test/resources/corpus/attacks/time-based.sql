# SELECT * FROM users WHERE id = <input>
SELECT * FROM users WHERE id = 11
! SELECT * FROM users WHERE id = 11 AND 1=(SELECT 1 FROM pg_sleep(5))
! SELECT * FROM users WHERE id = 11 AND (SELECT CASE WHEN (substr(current_user,1,1)='p') THEN pg_sleep(5) ELSE pg_sleep(0) END) IS NOT NULL
! SELECT * FROM users WHERE id = 11 OR (SELECT pg_sleep_for('5 seconds')) IS NULL
! SELECT * FROM users WHERE id = 11 AND pg_sleep_until(now() + interval '5 seconds') IS NOT NULL
# SELECT * FROM users WHERE email = '<input>'
SELECT * FROM users WHERE email = 'carol@example.com'
! SELECT * FROM users WHERE email = 'x' || pg_sleep(5) || ''
! SELECT * FROM users WHERE email = 'x' AND 1=(SELECT 1 FROM PG_SLEEP(5)) AND 'a'='a'
! SELECT * FROM users WHERE email = 'x' AND "pg_sleep"(5) IS NOT NULL AND ''=''
! SELECT * FROM users WHERE email = 'x' AND (SELECT count(*) FROM generate_series(1,5000000)) > 0 AND 'a'='a'
