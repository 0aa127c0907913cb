# syntax=docker/dockerfile:1
#
# Marquee image: one image for every node (docker-compose.yml runs two behind nginx; k8s/ runs
# N behind an Ingress). Build:  docker build -t marquee:dev .
#
# Stage 1 builds the fat jar (the UI included: Maven runs npm in frontend/) and splits it into
# Spring Boot's layers (plain jars: application.jar and lib/); stage 2 is a JRE with those layers,
# dependencies first, so a code change rebuilds only the last, small layer, plus the JVM's
# ahead-of-time cache from a training run.

############################ build ############################
FROM eclipse-temurin:25-jdk AS build

# The Maven build runs `npm install` and `npm run build` in frontend/ with the machine's npm.
# Vite 7 wants Node 20.19+; Ubuntu's apt nodejs is older, so take Node 20 from the official image.
COPY --from=node:20-bookworm-slim /usr/local/bin/node /usr/local/bin/node
COPY --from=node:20-bookworm-slim /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version

WORKDIR /src
# Wrapper and pom first: the Maven download is cached while only sources change.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY frontend/ frontend/
COPY src/ src/
# Tests run in CI, not in the image build (they need PostgreSQL, Redis and a browser).
RUN --mount=type=cache,target=/root/.m2 \
    --mount=type=cache,target=/root/.npm \
    ./mvnw -B -ntp -DskipTests -Dfrontend.skip.tests package \
 && cp target/marquee-*.jar /tmp/app.jar \
 && java -Djarmode=tools -jar /tmp/app.jar extract --layers --destination /layers --application-filename application.jar

############################ run ############################
# The jar is compiled for release 21; the runtime is the JDK it is built and tested with.
FROM eclipse-temurin:25-jre

# curl for the HEALTHCHECK only
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 marquee \
 && useradd --system --uid 10001 --gid marquee --home-dir /app --shell /usr/sbin/nologin marquee

WORKDIR /app
# Spring Boot layers, least to most often changed (list: java -Djarmode=tools -jar app.jar list-layers)
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./

# The JVM's ahead-of-time cache (JDK 25: JEP 483, 514 and 515): a training run starts the
# application as far as a refreshed context (spring.context.exit=onRefresh: every singleton built,
# nothing started, no request served) and records the classes it loaded and linked, and the
# method profiles it gathered, into app.aot; every node then starts with them (-XX:AOTCache), so
# it starts sooner and its warm-up (marquee.warm-up.*) compiles sooner. The cache holds for this
# JRE and these jars only: a JVM that finds it does not match starts without it. No database,
# Redis or broker is reached at refresh; the settings below only satisfy validation.
RUN MARQUEE_SECURITY_JWT_SECRET=aot-training-run-secret-not-used-anywhere \
    MARQUEE_PAYMENT_GATEWAY=simulated SPRING_FLYWAY_ENABLED=false \
    java -XX:AOTCacheOutput=app.aot -XX:MaxRAMPercentage=75 -Dspring.context.exit=onRefresh \
      -jar application.jar \
 && test -s app.aot

USER 10001:10001

# 8080: HTTP (REST, UI, WebSockets under /ws, SSE, RSocket over WebSocket at /rsocket, probes)
# 7000: RSocket over TCP
EXPOSE 8080 7000

HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS --max-time 2 -o /dev/null http://127.0.0.1:8080/actuator/health/liveness || exit 1

# Exec form: java is PID 1 and gets SIGTERM, so graceful shutdown drains requests
# (server.shutdown=graceful, 20 s per phase). Add flags with JAVA_TOOL_OPTIONS. A starting node is
# alive at once and ready after its warm-up (up to marquee.warm-up.max-duration, 2 min).
ENTRYPOINT ["java", \
  "-XX:AOTCache=app.aot", \
  "-XX:MaxRAMPercentage=75", \
  "-XX:+ExitOnOutOfMemoryError", \
  "-jar", "application.jar"]
